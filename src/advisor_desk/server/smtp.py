"""Sending the server's e-mail (invitations) through an SMTP relay: `serve --smtp-url`.

`smtp://host:port` (plain, STARTTLS when the relay offers it), `smtps://host:port` (TLS from
the start); a user and password in the URL log in; `?from=address` sets the sender.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs, unquote, urlsplit

SMTP_VARIABLE = "ADVISOR_DESK_SERVER_SMTP_URL"
DEFAULT_SENDER = "Advisor Desk <no-reply@advisor-desk.invalid>"
TIMEOUT = 20.0


class MailError(Exception):
    """The message could not be handed to the relay; the text says why."""


@dataclass(frozen=True)
class Relay:
    host: str
    port: int
    tls: bool
    user: str | None
    password: str | None
    sender: str


def parse_relay(url: str) -> Relay:
    """The relay of an `smtp://` or `smtps://` URL (ValueError naming what is wrong)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in {"smtp", "smtps"}:
        raise ValueError(f"--smtp-url: {url!r} is not smtp://HOST:PORT or smtps://HOST:PORT")
    if not parts.hostname:
        raise ValueError(f"--smtp-url: {url!r} names no host")
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
    except ValueError:
        raise ValueError(f"--smtp-url: {url!r} has no valid port") from None
    sender = parse_qs(parts.query).get("from", [DEFAULT_SENDER])[0]
    return Relay(
        host=parts.hostname,
        port=port,
        tls=parts.scheme == "smtps",
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        sender=sender,
    )


def send_mail(relay: Relay, *, to: str, subject: str, text: str, html: str | None = None) -> None:
    message = EmailMessage()
    message["From"] = relay.sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    try:
        if relay.tls:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                relay.host, relay.port, timeout=TIMEOUT, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(relay.host, relay.port, timeout=TIMEOUT)
        with client:
            if not relay.tls and client.has_extn("starttls"):
                client.starttls(context=ssl.create_default_context())
            if relay.user:
                client.login(relay.user, relay.password or "")
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(
            f"the mail relay {relay.host}:{relay.port} refused or did not answer: {error}"
        ) from None
