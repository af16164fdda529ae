import pytest

from advisor_desk.domain.documents import DocumentKind
from advisor_desk.domain.errors import DomainError
from advisor_desk.domain.numbering import DEFAULT_PREFIXES, NumberSeries, number_series


def test_format_and_parse() -> None:
    series = NumberSeries("platform-invoice", "INV-")
    assert series.format(1) == "INV-000001"
    assert series.format(42) == "INV-000042"
    assert series.format(1_234_567) == "INV-1234567"  # past the width: longer, never cut
    for counter in (1, 42, 999_999, 1_234_567):
        assert series.parse(series.format(counter)) == counter


def test_width() -> None:
    assert NumberSeries("s", "A", width=3).format(7) == "A007"
    with pytest.raises(DomainError):
        NumberSeries("s", "A", width=0)
    with pytest.raises(DomainError):
        NumberSeries("s", "", width=6)


@pytest.mark.parametrize("counter", [0, -1, True, "1"])
def test_counters_start_at_one(counter: object) -> None:
    with pytest.raises(DomainError, match="counter"):
        NumberSeries("platform-invoice", "INV-").format(counter)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "number",
    [
        "CN-000001",
        "INV-",
        "INV-42",
        "INV-0000042",
        "INV-000000",
        "INV-00004a",
        "INV-+00042",
        "INV-٠٠٠٠٤٢",
        "inv-000042",
    ],
)
def test_parse_only_takes_the_canonical_spelling(number: str) -> None:
    with pytest.raises(DomainError, match="^number: .*platform-invoice series"):
        NumberSeries("platform-invoice", "INV-").parse(number)


def test_default_prefixes_cover_the_platform_series() -> None:
    platform_kinds = [k for k in DocumentKind if k is not DocumentKind.CREDIT_NOTE]
    platform_series = {k.series for k in platform_kinds if k.issuer == "platform"}
    assert platform_series | {"platform-credit"} == set(DEFAULT_PREFIXES)
    assert DEFAULT_PREFIXES == {
        "platform-invoice": "INV-",
        "platform-statement": "RS-",
        "platform-credit": "CN-",
    }


def test_number_series() -> None:
    assert number_series("platform-credit") == NumberSeries("platform-credit", "CN-")
    assert number_series("partner-resale", "HRA-").format(3) == "HRA-000003"
    assert number_series("partner-credit", "HRA-").format(3) == "HRA-CN-000003"
    with pytest.raises(DomainError, match=r"^resale\.invoice_prefix: "):
        number_series("partner-resale")
    with pytest.raises(DomainError, match="^series: "):
        number_series("platform-receipt")


def test_partner_series_do_not_read_each_other() -> None:
    resale, credit = (
        number_series("partner-resale", "HRA-"),
        number_series("partner-credit", "HRA-"),
    )
    with pytest.raises(DomainError):
        resale.parse(credit.format(1))
