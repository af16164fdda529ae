"""The one rule for a password someone may log in with (pure: no I/O, no hashing).

Set wherever a password is chosen (the server's `partner create`, `advisor add`, any reset),
so that nothing stores a password the login would refuse (longer than a login accepts) or
one that is common or trivially weak: at least 10 characters, not mostly one character, not
a run such as `1234567890` or `qwertyuiop`, not a common password with digits or symbols
around it (`Password2024!`), and not the account's own e-mail address or name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from advisor_desk.domain.errors import DomainError

MIN_LENGTH = 10
MAX_LENGTH = 1024  # what `POST /v1/auth/login` accepts
FIELD = "password"

# Common passwords and their usual stems (a short list; the length rule does the rest).
COMMON = frozenset(
    [
        "password",
        "passw0rd",
        "p@ssword",
        "p@ssw0rd",
        "pass",
        "passwort",
        "motdepasse",
        "contrasena",
        "wachtwoord",
        "letmein",
        "welcome",
        "welcome1",
        "iloveyou",
        "admin",
        "administrator",
        "root",
        "changeme",
        "default",
        "secret",
        "qwerty",
        "qwertz",
        "azerty",
        "qwertyuiop",
        "asdfghjkl",
        "zxcvbnm",
        "monkey",
        "dragon",
        "football",
        "baseball",
        "soccer",
        "hockey",
        "superman",
        "batman",
        "trustno1",
        "master",
        "shadow",
        "sunshine",
        "princess",
        "starwars",
        "whatever",
        "freedom",
        "login",
        "abc",
        "abcdef",
        "abcdefgh",
        "abcdefghij",
        "abc123",
        "access",
        "hello",
        "hello123",
        "test",
        "testing",
        "tester",
        "guest",
        "user",
        "username",
        "advisor",
        "advisordesk",
        "advisor-desk",
        "risk",
        "compliance",
        "security",
        "australia",
        "sydney",
        "melbourne",
        "summer",
        "winter",
        "spring",
        "autumn",
        "charlie",
        "michael",
        "jennifer",
        "jordan",
        "thomas",
        "hunter",
        "ranger",
        "buster",
        "pepper",
        "ginger",
        "correcthorsebatterystaple",
        "123456",
        "1234567",
        "12345678",
        "123456789",
        "1234567890",
        "0987654321",
        "111111",
        "000000",
        "123123",
        "654321",
        "666666",
        "121212",
        "7777777",
        "987654321",
        "1q2w3e4r",
        "1qaz2wsx",
        "zaq12wsx",
        "q1w2e3r4",
        "qazwsx",
    ]
)
KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertzuiop", "azertyuiop")
SEPARATORS = " -_.!@#$%^&*?+=~,;:/\\|'\""


def password_problem(password: str, *, identity: Iterable[str] = ()) -> str | None:
    """Why `password` may not be set (None: it may). `identity`: the account's e-mail, name…"""
    if len(password) < MIN_LENGTH:
        return f"must have at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"must have at most {MAX_LENGTH} characters"
    if any(ord(char) < 32 or ord(char) == 127 for char in password):
        return "must not contain control characters (tabs, line breaks, NUL)"
    if password != password.strip():
        return "must not start or end with a space"
    folded = password.casefold()
    if len(set(folded)) < 4:
        return "is too simple: use more different characters"
    if _is_run(folded):
        return "is too simple: a run of keys or letters is guessed first"
    stem = folded.strip("0123456789" + SEPARATORS)
    compact = "".join(char for char in folded if char not in SEPARATORS)
    words = re.split(r"[\d" + re.escape(SEPARATORS) + "]+", folded)
    if (
        folded in COMMON
        or stem in COMMON
        or compact in COMMON
        or all(word in COMMON for word in words if word)
    ):
        return "is one of the most common passwords: choose another"
    for value in identity:
        for part in {value.casefold().strip(), value.casefold().split("@")[0].strip()}:
            if len(part) >= 4 and part in folded and len(folded) - len(part) < MIN_LENGTH:
                return "must not be built from your e-mail address or name"
    return None


def check_password(password: str, *, identity: Iterable[str] = (), field: str = FIELD) -> None:
    """Raise a DomainError naming `field` when `password` may not be set."""
    problem = password_problem(password, identity=identity)
    if problem is not None:
        raise DomainError(field, problem)


def _is_run(folded: str) -> bool:
    """One step up or down between every pair of characters (`abcdefghij`), or every three
    characters in a row of the keyboard (`qwertyuiop`, `0987654321`)."""
    steps = {ord(b) - ord(a) for a, b in zip(folded, folded[1:], strict=False)}
    if steps <= {1} or steps <= {-1}:
        return True
    for row in KEYBOARD_ROWS:
        for line in (row, row[::-1]):
            if all(folded[i : i + 3] in line for i in range(len(folded) - 2)):
                return True
    return False
