"""The invitation's page and e-mail: server-rendered HTML, plain CSS, no JavaScript; every
value written into them is escaped."""

from __future__ import annotations

from html import escape

from advisor_desk.domain.passwords import MIN_LENGTH

STYLE = """
body { font-family: system-ui, sans-serif; background: #f4f5f7; color: #1d2430; margin: 0; }
main { max-width: 30rem; margin: 3rem auto; background: #fff; padding: 2rem 2.25rem;
       border-radius: 8px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
h1 { font-size: 1.35rem; margin: 0 0 1rem; }
label { display: block; margin: 1rem 0 .3rem; font-weight: 600; }
input[type=password] { width: 100%; box-sizing: border-box; padding: .55rem; font-size: 1rem;
       border: 1px solid #b8bfcc; border-radius: 4px; }
button { margin-top: 1.4rem; padding: .6rem 1.2rem; font-size: 1rem; border: 0;
       border-radius: 4px; background: #2456a6; color: #fff; cursor: pointer; }
.hint { color: #5a6372; font-size: .9rem; }
.problem { background: #fdecea; color: #8a1c12; padding: .6rem .8rem; border-radius: 4px; }
code { background: #eef1f5; padding: .15rem .35rem; border-radius: 3px; user-select: all; }
"""


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def form_page(
    email: str,
    partner: str,
    token: str,
    server_url: str,
    problem: str = "",
    *,
    role: str = "",
    invited_by: str = "",
) -> str:
    said = problem[:1].upper() + problem[1:]
    shown = f'<p class="problem" role="alert">{escape(said)}</p>' if problem else ""
    who = f"{escape(invited_by)} invited you" if invited_by else "You were invited"
    as_role = f" ({escape(role)})" if role else ""
    return _page(
        "Set your Advisor Desk password",
        f"<h1>Welcome to {escape(partner)}</h1>"
        f"<p>{who} to Advisor Desk as <strong>{escape(email)}</strong>{as_role}. "
        "Choose a password to log in with.</p>"
        f"{shown}"
        f'<form method="post" action="/v1/invitations/{escape(token, quote=True)}">'
        '<label for="password">Password</label>'
        f'<input id="password" name="password" type="password" required minlength="{MIN_LENGTH}"'
        ' autocomplete="new-password" autofocus>'
        '<label for="again">The same password again</label>'
        f'<input id="again" name="again" type="password" required minlength="{MIN_LENGTH}"'
        ' autocomplete="new-password">'
        f'<p class="hint">At least {MIN_LENGTH} characters; not a common password, and not '
        "built from your e-mail address or name.</p>"
        '<button type="submit">Set password</button></form>'
        f'<p class="hint">Then, in Advisor Desk, open <em>Server…</em> and log in to '
        f"<code>{escape(server_url)}</code>.</p>",
    )


def gone_page() -> str:
    return _page(
        "Invitation link not valid",
        "<h1>This link is not valid</h1>"
        "<p>The invitation was already used, it was withdrawn, or it expired. "
        "Ask your administrator to send you a new one.</p>",
    )


def accepted_page(email: str, partner: str, server_url: str) -> str:
    return _page(
        "Password set",
        "<h1>Your password is set</h1>"
        f"<p>You can now log in to {escape(partner)} as <strong>{escape(email)}</strong>. "
        "This link no longer works: keep your password, not the link.</p>"
        "<p>In Advisor Desk open <em>Server…</em> and enter this server's address, your "
        "e-mail and the password you just set:</p>"
        f"<p><code>{escape(server_url)}</code></p>",
    )


def mail_text(partner: str, url: str, expires: str, server_url: str) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of the invitation e-mail."""
    subject = f"You are invited to {partner} on Advisor Desk"
    text = (
        f"You were invited to {partner} on Advisor Desk.\n\n"
        f"Set your password here (the link works once, until {expires}):\n{url}\n\n"
        f"Then, in Advisor Desk, open Server… and log in to {server_url} with this e-mail "
        "address and that password.\n"
    )
    html = (
        f"<p>You were invited to {escape(partner)} on Advisor Desk.</p>"
        f'<p><a href="{escape(url, quote=True)}">Set your password</a> '
        f"(the link works once, until {escape(expires)}).</p>"
        "<p>Then, in Advisor Desk, open <em>Server…</em> and log in to "
        f"<code>{escape(server_url)}</code>.</p>"
    )
    return subject, text, html
