"""The provinces map: every province drawn in one outline, the provinces made in 2022 added to
the 2019 outline they came from, the shade following the rate, the page for national and for
Jawa Barat staff (no figures outside their region), a bounded SVG and no extra query."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.factories import AdminFactory, StaffFactory
from certificates.factories import issue, open_programme
from organisations.factories import OrganisationFactory, province
from organisations.models import Province
from programmes.factories import WaveFactory
from programmes.models import Enrolment
from reporting import charts, selectors

from .builders import people, two_region_programme

pytestmark = pytest.mark.django_db

PAPUA_2019 = {"91": ("91", "93", "94", "95"), "92": ("92", "96")}
# Measured: 33.2 KB of outlines, 36-40 KB of SVG on the national page (tests, demo data).
SVG_BYTES_MAX = 45_000


def _svg(html: str) -> str:
    return re.search(r'<figure class="reporting-map">\s*(<svg.*?</svg>)', html, re.S).group(1)


def _papua_cohort(admin):
    """People in Papua, Papua Selatan, Papua Pegunungan (not Papua Tengah), Papua Barat and
    Papua Barat Daya, each with its own mix of completed, active, invited and withdrawn, and a
    few certificates."""
    wave = WaveFactory(programme=open_programme(), capacity=5000)
    mixes = {
        "91": ["completed", "active", "active", "invited"],
        "93": ["completed", "completed", "completed", "withdrawn", "active"],
        "95": ["active", "invited"],
        "92": ["completed", "withdrawn"],
        "96": ["completed", "completed", "active", "completed", "invited", "active"],
    }
    for code, statuses in mixes.items():
        org = OrganisationFactory(province=province(code))
        rows = Enrolment.objects.bulk_create(
            Enrolment(wave=wave, participant=u, organisation=org, status=s)
            for u, s in zip(people(org, len(statuses)), statuses, strict=True)
        )
        if code in ("93", "96"):
            issue(rows[0], actor=admin)
    return wave


def test_every_province_lies_in_exactly_one_drawn_outline():
    admin = AdminFactory()
    rows = selectors.province_rows(admin)
    drawn = charts.province_map(rows)
    assert not drawn["outside"]
    assert len(drawn["shapes"]) == len(charts.province_shapes()["shapes"]) == 34
    placed = [r.province.code for s in drawn["shapes"] for r in s["rows"]]
    assert sorted(placed) == sorted(Province.objects.values_list("code", flat=True))
    assert len(placed) == len(set(placed)) == 38
    for s in drawn["shapes"]:
        assert s["d"].startswith("M") and s["d"].endswith("z")
        # The outline's own province leads and is where its link goes.
        assert s["rows"][0].province.code == s["code"] == s["link"]


def test_shapes_file_names_its_source_and_licence():
    attribution = charts.province_shapes()["attribution"]
    assert "CC BY 4.0" in attribution["licence"]
    assert "Victor Cazanave" in attribution["title"]
    assert attribution["source"].startswith("https://github.com/VictorCazanave/svg-maps")


def test_papua_outlines_add_up_the_provinces_made_in_2022():
    admin = AdminFactory()
    _papua_cohort(admin)
    rows = {r.province.code: r for r in selectors.province_rows(admin)}
    shapes = {s["code"]: s for s in charts.province_map(list(rows.values()))["shapes"]}
    for outline, codes in PAPUA_2019.items():
        held = [rows[c] for c in codes]
        participants = sum(r.participants for r in held)
        completed = sum(r.completed for r in held)
        shape = shapes[outline]
        assert [r.province.code for r in shape["rows"]] == list(codes)
        assert shape["participants"] == participants > rows[outline].participants
        assert shape["completed"] == completed
        assert shape["certified"] == sum(r.certified for r in held)
        assert shape["rate"] == pytest.approx(completed * 100 / participants)
        assert shape["fill"] == charts.SHADES[min(int(completed * 100 / participants // 20), 4)]
    # From the mixes above: Papua 1 of 4 seats, Selatan 3 of 4, Pegunungan 0 of 2 -> 4 of 10;
    # Papua Barat 1 of 1, Barat Daya 3 of 6 -> 4 of 7.
    assert (shapes["91"]["completed"], shapes["91"]["participants"]) == (4, 10)
    assert (shapes["92"]["completed"], shapes["92"]["participants"]) == (4, 7)
    assert shapes["92"]["certified"] == 1 and shapes["91"]["certified"] == 1


@pytest.mark.parametrize(
    ("completed", "participants", "shade"),
    [
        (0, 10, 0),
        (199, 1000, 0),
        (1, 5, 1),
        (2, 5, 2),
        (599, 1000, 2),
        (3, 5, 3),
        (4, 5, 4),
        (5, 5, 4),
    ],
)
def test_shade_follows_the_completion_rate(completed, participants, shade):
    row = selectors.ProvinceRow(
        province=province("32"), participants=participants, completed=completed
    )
    (shape,) = charts.province_map([row])["shapes"]
    assert shape["fill"] == charts.SHADES[shade]


def test_a_province_with_nobody_is_hatched_not_the_palest_shade():
    (shape,) = charts.province_map([selectors.ProvinceRow(province=province("32"))])["shapes"]
    assert shape["rate"] is None
    assert shape["fill"] == f"url(#{charts.EMPTY_PATTERN})"


def test_national_page_draws_every_outline_linked_with_its_figures(client):
    admin = AdminFactory()
    two_region_programme(admin=admin)
    _papua_cohort(admin)
    client.force_login(admin)
    html = client.get(reverse("reporting_provinces")).content.decode()
    svg = _svg(html)
    links = re.findall(r'<a href="([^"]+)" data-provinces="([^"]+)"><title>([^<]+)</title>', svg)
    assert len(links) == 34
    assert sorted(c for _, codes, _ in links for c in codes.split()) == sorted(
        Province.objects.values_list("code", flat=True)
    )
    by_codes = {codes: (href, title) for href, codes, title in links}
    jabar = next(r for r in selectors.province_rows(admin) if r.province.code == "32")
    href, title = by_codes["32"]
    assert href == reverse("reporting_province", args=["32"])
    assert title.startswith("Jawa Barat: ")
    assert f"({jabar.completed} dari {jabar.participants} peserta)" in title
    href, title = by_codes["91 93 94 95"]
    assert href == reverse("reporting_province", args=["91"])
    assert title.startswith("Papua + Papua Selatan + Papua Tengah + Papua Pegunungan: 40,0 %")
    assert "(4 dari 10 peserta)" in title
    assert "sebelum pemekaran Papua 2022" in html
    assert "CC BY 4.0" in html
    assert len(svg.encode()) < SVG_BYTES_MAX


def test_jawa_barat_staff_see_figures_of_jawa_barat_only_on_the_map(client):
    admin = AdminFactory()
    two_region_programme(admin=admin)
    _papua_cohort(admin)
    client.force_login(StaffFactory(scope_province=province("32")))
    html = client.get(reverse("reporting_provinces")).content.decode()
    svg = _svg(html)
    # All 34 outlines drawn for orientation; one linked, titled and shaded.
    assert svg.count('vector-effect="non-scaling-stroke"></path>') == 34
    assert re.findall(r'data-provinces="([^"]+)"', svg) == ["32"]
    assert svg.count("<title") == 2  # the map's own and Jawa Barat's
    assert svg.count(f'fill="{charts.OUTSIDE}"') == 33
    assert svg.count("<a ") == 1
    for name in ("Sulawesi Tengah", "Papua"):
        assert name not in html
    assert "di luar wilayah Anda" in html


def test_drawing_the_map_asks_the_database_nothing():
    admin = AdminFactory()
    two_region_programme(admin=admin)
    rows = selectors.province_rows(admin)
    with CaptureQueriesContext(connection) as ctx:
        charts.province_map(rows)
    assert len(ctx.captured_queries) == 0
