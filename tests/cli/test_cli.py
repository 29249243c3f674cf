"""The command line: exit codes, one-line errors, JSON schema (docs/CONTRACT.md)."""

import json
import math
import re

import pytest

from rocketship.core.constants import WGS84_A

from ..conftest import DATA


def test_route_text_answers(cli):
    code, out, err = cli("route", "PEK", "JFK")
    assert code == 0, err
    assert "PEK" in out and "JFK" in out and "11,004 km" in out
    assert err == ""


def test_a_place_with_no_pad_has_no_door_to_door_time(cli):
    """Urumqi has no open sea within 1,500 km: no pad, so no rocket timeline.  The answer says so first, and
    no door-to-door figure stands in for the unknown (it read "rocket 0.0 h ... faster by 43.3 h", and the JSON
    had the rocket faster, a break-even and 0 h)."""
    code, out, err = cli("route", "URC", "PEK")
    assert code == 0, err
    verdict = " ".join(out.split("Route")[0].split())
    assert "flies? no — no sea at least 30 km from land within 1,500 km of URC" in verdict
    assert "no door-to-door time by rocket without a pad" in verdict
    assert "0.0 h" not in out and "faster by" not in out and "no faster" not in out
    code, out, _ = cli("route", "URC", "PEK", "--json")
    data = json.loads(out)
    assert data["rocket"]["total"]["value"] is None and not data["rocket"]["feasible"]
    for pairing in data["economics"]["versus"].values():
        assert pairing["rocket_door_to_door"]["value"] is None and pairing["time_saved"]["value"] is None
        assert pairing["rocket_faster"] is None and pairing["break_even_value_of_time"] is None
    assert data["economics"]["caveat"] == "if it could fly: no sea at least 30 km from land within 1,500 km of URC"


def test_route_json_schema(cli):
    code, out, _ = cli("route", "PEK", "JFK", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == "rocketship.route/1"
    for key in ("inputs", "origin", "destination", "distance", "assumptions", "sources"):
        assert key in data
    assert data["distance"]["unit"] == "km"
    assert data["distance"]["value"] == pytest.approx(11_003.8, abs=1.5)
    assert data["inputs"]["payload"] == {"value": 10.0, "unit": "t"}
    assert data["origin"]["lat"]["unit"] == "deg"


@pytest.mark.parametrize("args, code, words", [
    (["route", "PEK"], 2, "required"),
    (["route", "PEK", "JFK", "--payload", "10"], 2, "without a unit"),
    (["route", "PEK", "JFK", "--payload", "5 m"], 2, "not a mass"),
    (["route", "PEK", "JFK", "--payload", "-5 t"], 2, "negative"),
    (["route", "PEK", "PEK"], 2, "same place"),
    # denser than osmium (22,590 kg/m³, the densest element): a typo in the mass or the volume, not a cargo
    (["route", "PVG", "ICN", "--payload", "10 t", "--volume", "0.001 m**3"], 2, "denser than any matter"),
    (["size", "PVG", "ICN", "--payload", "10 t", "--volume", "0.44 m**3"], 2, "denser than any matter"),
    (["compare", "PVG:ICN", "--payload", "10 t", "--volume", "0.1 m**3"], 2, "denser than any matter"),
    (["route", "PEK", "JFK", "--fidelity", "magic"], 2, "invalid choice"),
    (["route", "PEK", "JFK", "--units", "furlongs"], 2, "invalid choice"),
    (["route", "PEK", "XQXQ"], 3, "unknown place"),
    (["route", "PEK", "JFK", "--vehicle", "xzy"], 3, "did you mean"),
    (["vehicles", "nope-1"], 3, "unknown vehicle"),
    (["routes", "nope"], 3, "unknown route"),
    (["route", "PEK", "JFK", "--vehicle", "boeing-777f"], 2, "not a rocket"),
    (["route", "PEK", "JFK", "--vehicle", str(DATA / "catalog_bad" / "missing_source.toml")], 4, "no source"),
    (["vehicles", str(DATA / "catalog_bad" / "broken_toml.toml")], 4, "not valid TOML"),
    (["frobnicate"], 2, "invalid choice"),
    (["route", "PEK", "JFK", "--freighter", "boeing-787f"], 3, "unknown vehicle"),
    (["route", "PEK", "JFK", "--freighter", "xzy-1"], 2, "not a freighter"),
    (["route", "PEK", "JFK", "--air-load", "500 t"], 2, "exceeds"),
    # no demand flies nothing: its cost per kg used to be priced at one flight a day, silently
    (["route", "PEK", "JFK", "--demand", "0 t/day"], 2, "demand"),
    (["route", "PEK", "JFK", "--air-service", "overnight"], 2, "invalid choice"),
    (["route", "PEK", "JFK", "--trajectory", "fpa:120"], 2, "between 0 and 90"),
    (["route", "PEK", "JFK", "--trajectory", "tof:5"], 2, "fastest"),
    (["route", "PEK", "JFK", "--trajectory", "loopy"], 2, "unknown trajectory"),
    (["payload-range", "--vehicle", "boeing-777f"], 2, "not a rocket"),
    (["payload-range", "--max-range", "30000 km"], 2, "half the Earth"),
])
def test_errors_are_one_line_with_the_documented_exit_code(cli, args, code, words):
    got, out, err = cli(*args)
    assert got == code, err
    assert err.count("\n") == 1 and err.startswith("rocketship: error:")
    assert words in err
    assert "Traceback" not in err


def test_route_json_flight_and_air_blocks(cli):
    code, out, _ = cli("route", "PEK", "JFK", "--json")
    data = json.loads(out)
    f = data["flight"]
    for key in ("fidelity", "trajectory", "launch_site", "landing_site", "range", "time_of_flight", "free_flight_time",
                "burnout_speed", "burnout_speed_relative", "burnout_flight_path_angle", "apogee", "peak_deceleration",
                "delta_v_required", "delta_v_available", "feasible", "reasons", "max_payload"):
        assert key in f, key
    assert f["peak_deceleration"]["unit"] == "g_0"
    assert f["feasible"] is False and f["reasons"]
    a = data["air"]
    for key in ("freighter", "service", "stops", "distance_flown", "block_time", "total", "legs",
                "chargeable_mass", "rate", "cost", "fuel", "co2"):
        assert key in a, key
    # routed for the shipment and the lane's average load (47 t), PEK-JFK is non-stop (#18); a full 102 t stops at ANC
    assert a["stops"] == [] and a["chargeable_mass"]["unit"] == "t"
    assert a["flights_needed"] == 1 and a["share_of_freighter"]["binding"] == "volume"
    assert a["chargeable_mass"]["value"] == pytest.approx(20.0)
    assert {leg["mode"] for leg in a["legs"]} <= {"road", "sea", "air", "rocket", "handling", "wait"}
    assert set(data["air_services"]) == {"general", "express"}
    # 20 t and 24 t chargeable on PEK-JFK: spot and courier per kg, and each service says so (#18)
    assert data["air_services"]["general"]["pricing"] == "spot rate per kg"
    assert data["air_services"]["express"]["pricing"] == "courier rate per kg"


def test_payload_range_table_and_json(cli):
    code, out, _ = cli("payload-range", "--vehicle", "xzy-1", "--points", "5", "--max-range", "3000 km")
    assert code == 0 and "max payload" in out
    code, out, _ = cli("payload-range", "--points", "5", "--json")
    data = json.loads(out)
    assert len(data["range"]["value"]) == 5 and data["max_payload"]["unit"] == "t"


def test_compare_keeps_every_vehicle_given_however_it_is_given(cli):
    """``--vehicle`` (the contract's name for route and compare) and ``--vehicles``, repeated or
    comma-separated, all add rows: a repeated option never silently drops the vehicles before it (it did:
    ``--vehicle xzy-1 --vehicle starship`` compared Starship alone)."""
    code, out, _ = cli("compare", "PVG-ICN", "--vehicle", "xzy-1", "--vehicles", "starship,falcon-9", "--json")
    assert code == 0
    assert [r["vehicle"] for r in json.loads(out)["rows"]] == ["xzy-1", "starship", "falcon-9"]
    code, out, _ = cli("compare", "PVG-ICN", "--json")
    assert [r["vehicle"] for r in json.loads(out)["rows"]] == ["xzy-1"]


def test_a_payload_given_alone_takes_the_bays_density_not_its_whole_volume(cli):
    """A cargo mass given without a volume is that mass at the bay's density (its volume per tonne of rated
    payload, as size takes it): Starship's 10 t is 100 m³, not its 1,000 m³ bay, which priced the same 10 t
    by air at 1,000 m³'s chargeable weight (83 USD/kg general against XZY-1's 10 in one compare).  With
    neither given the bay is full, as before; a volume given is kept, in compare too."""
    def cargo(*args):
        code, out, _ = cli("route", "PVG", "ICN", *args, "--json")
        assert code == 0
        data = json.loads(out)["inputs"]
        return data["payload"]["value"], data["volume"]["value"]

    assert cargo("--vehicle", "starship", "--payload", "10t") == (10.0, 100.0)
    assert cargo("--vehicle", "starship") == (100.0, 1000.0)
    assert cargo("--payload", "5t") == (5.0, 60.0)                       # XZY-1: 10 t in 120 m³
    assert cargo("--payload", "5t", "--volume", "80 m**3") == (5.0, 80.0)
    code, out, _ = cli("compare", "PVG-ICN", "--vehicles", "xzy-1,starship", "--payload", "10t", "--json")
    rows = json.loads(out)["rows"]
    code, given, _ = cli("compare", "PVG-ICN", "--vehicles", "xzy-1,starship", "--payload", "10t",
                         "--volume", "150 m**3", "--json")
    fixed = json.loads(given)["rows"]
    assert code == 0 and len(rows) == len(fixed) == 2
    # the same cargo by air costs the same per kg whatever carries it by rocket once the volume is stated
    air = [{k: v for k, v in r.items() if "air" in k and "cost" in k} for r in fixed]
    assert air[0] == air[1] and air[0]
    # and at each bay's density the rows' air prices differ only as the bays' densities do (83 vs 100 kg/m³),
    # not 8-fold as at Starship's whole bay
    per_kg = [r["air_general_cost_per_kg"]["value"] for r in rows]
    assert 1.0 <= per_kg[0] / per_kg[1] <= 1.25


def test_a_bank_the_trajectory_would_ignore_is_refused(cli):
    """--bank flies a named arc's entry; best and fastest choose their own bank among the candidates, so a
    bank given with them is refused (exit 2), not silently dropped."""
    code, _, err = cli("route", "PEK", "JFK", "--vehicle", "starship", "--bank", "60 deg")
    assert code == 2 and "named arc" in err
    code, out, _ = cli("route", "PEK", "JFK", "--vehicle", "starship", "--bank", "60 deg", "--trajectory", "fpa:20",
                       "--json")
    assert code == 0 and json.loads(out)["flight"]["bank_angle"]["value"] == pytest.approx(60.0)


def test_draws_without_a_seed_report_the_seed_that_repeats_them(cli):
    """--samples without --seed draws a seed and reports it (text and JSON inputs); given back, it repeats the
    run to the digit."""
    code, out, _ = cli("route", "PVG", "ICN", "--samples", "60", "--json")
    data = json.loads(out)
    seed = data["inputs"]["seed"]
    assert code == 0 and isinstance(seed, int)
    again = json.loads(cli("route", "PVG", "ICN", "--samples", "60", "--seed", str(seed), "--json")[1])
    assert again["economics"] == data["economics"]


def test_a_unit_error_reads_as_english(cli):
    code, _, err = cli("route", "PEK", "JFK", "--g-limit", "4 kg")
    assert code == 2 and "not an acceleration" in err and "needs an acceleration" in err


def test_vehicle_listing_and_detail(cli):
    code, out, _ = cli("vehicles")
    assert code == 0 and "xzy-1" in out and "boeing-777f" in out
    code, out, _ = cli("vehicles", "falcon-9", "--json")
    data = json.loads(out)
    assert data["stages"][0]["dry_mass"] == {"value": 25600, "unit": "kg", "source": "sfi",
                                             "confidence": "B", "assumption": False}
    assert "sfi" in data["sources"]


def test_routes_listing(cli):
    code, out, _ = cli("routes")
    assert code == 0 and "pek-jfk" in out
    code, out, _ = cli("routes", "pek-jfk", "--json")
    assert json.loads(out)["launch_site"] == "bohai-pad"


def test_units_display_only(cli):
    _, si, _ = cli("route", "PEK", "JFK")
    _, av, _ = cli("route", "PEK", "JFK", "--units", "aviation")
    assert "11,004 km" in si and "5,942 nmi" in av


def test_internal_error_is_one_line_and_traceback_on_request(cli, monkeypatch):
    import rocketship.assessment as mod

    def boom(*a, **k):
        raise ZeroDivisionError("synthetic")

    monkeypatch.setattr(mod, "assess", boom)
    code, _, err = cli("route", "PEK", "JFK")
    assert code == 1 and err.count("\n") == 1 and "internal error" in err
    code, _, err = cli("route", "PEK", "JFK", "--traceback")
    assert code == 1 and "Traceback" in err


def test_real_process_no_color_and_help(run_cli):
    code, out, err = run_cli("route", "PEK", "JFK")
    assert code == 0 and "\x1b[" not in out
    code, out, _ = run_cli("--help")
    assert code == 0 and "route" in out
    code, out, _ = run_cli("--version")
    assert code == 0 and out.startswith("rocketship ")


def test_cache_show_and_clear_remove_only_rocketship_files(run_cli, tmp_path):
    """`rocketship cache clear` empties the cache it fills and leaves a user's own file in the folder."""
    import json

    env = {"XDG_CACHE_HOME": str(tmp_path)}
    assert run_cli("route", "PEK", "ICN", env=env)[0] == 0
    code, out, _ = run_cli("cache", "--json", env=env)
    shown = json.loads(out)
    assert code == 0 and shown["path"] == str(tmp_path / "rocketship") and shown["files"] > 0
    (tmp_path / "rocketship" / "notes.txt").write_text("mine")
    code, out, _ = run_cli("cache", "clear", env=env)
    assert code == 0 and f"removed {shown['files']} files" in out
    assert [p.name for p in (tmp_path / "rocketship").iterdir()] == ["notes.txt"]
    assert run_cli("route", "PEK", "ICN", env=env)[0] == 0      # the cache rebuilds itself
    assert json.loads(run_cli("cache", "--json", env=env)[1])["files"] == shown["files"]


def test_a_vanishing_payload_sizes_no_fleet_and_says_why(cli):
    """1e-300 kg a flight would need ~1e305 flights a day for 100 t: the fleet counts overflowed into an
    internal error (found by the thorough fuzz run).  Now no fleet is sized, a warning says why, and
    both outputs render."""
    code, out, err = cli("route", "PEK", "JFK", "--payload", "1e-300 kg", "--json")
    assert code == 0, err
    d = json.loads(out)
    assert "no fleet sized" in json.dumps(d)
    code, out, err = cli("route", "PEK", "JFK", "--payload", "1e-300 kg")
    assert code == 0 and "no fleet sized" in out and "flights/day" in out


def test_every_option_has_help_and_every_command_a_description():
    import argparse

    from rocketship.cli import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name, parser in sub.choices.items():
        assert parser.description, name
        for action in parser._actions:
            if not isinstance(action, argparse._HelpAction):
                assert action.help, (name, action.option_strings or action.dest)


def test_a_help_that_states_a_default_states_the_one_used():
    """Each option whose help says "(default: X)" parses to X when left out: the trajectory's help once
    said min-energy while the flight flown by default was best."""
    import argparse
    import re

    from rocketship.cli import build_parser

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    checked = 0
    for name, parser in sub.choices.items():
        for action in parser._actions:
            said = re.search(r"\(default: ([\w.-]+)\)\s*$", action.help or "")
            if said and isinstance(action.default, str):
                assert said.group(1) == action.default, (name, action.dest, said.group(1), action.default)
                checked += 1
    assert checked >= 4   # route's and plot's --trajectory and --fidelity at least


def test_place_names_people_type_resolve_with_a_note(cli):
    code, out, err = cli("route", "Beijing", "New York", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["origin"]["code"], data["destination"]["code"]) == ("PEK", "JFK")
    assert any("main cargo airport" in n and "Beijing" in n for n in data["notes"])
    code, out, _ = cli("route", "Seoul", "Shanghai", "--brief")
    assert code == 0 and "'Seoul' read as ICN" in " ".join(out.split()) and "PVG" in out


def test_every_unknown_place_gets_its_own_suggestions(cli):
    code, _, err = cli("route", "Beijng", "Nwe York")
    assert code == 3 and err.count("\n") == 1
    assert "unknown place 'Beijng'; did you mean Beijing" in err and "unknown place 'Nwe York'; did you mean New York" in err


def test_an_offshore_site_is_its_own_pad(cli):
    code, out, _ = cli("route", "bohai-pad", "ny-bight-lz", "--json")
    f = json.loads(out)["flight"]
    assert code == 0 and (f["launch_site"]["code"], f["landing_site"]["code"]) == ("bohai-pad", "ny-bight-lz")
    code, out, _ = cli("route", "bohai-pad", "ny-bight-lz")
    assert "bohai-pad-pad" not in out and "-lz-lz" not in out


@pytest.mark.parametrize("vehicle", ["xzy-1", "starship"])
def test_payload_range_by_default_covers_where_the_vehicle_can_fly(cli, vehicle):
    """The default axis runs from the first range flown to past the empty vehicle's reach (or to the
    antipode, half the Earth's circumference, for a vehicle that reaches it), and each row names what limits
    it (the bay where the rated payload flies)."""
    code, out, _ = cli("payload-range", "--vehicle", vehicle, "--json")
    data = json.loads(out)
    payload, limits = data["max_payload"]["value"], data["limited_by"]
    rated = {"xzy-1": 10.0, "starship": 100.0}[vehicle]
    at_antipode = data["range"]["value"][-1] == pytest.approx(math.pi * WGS84_A / 1e3)
    assert code == 0 and (payload[-1] == 0 or at_antipode) and payload[0] > 0  # it ends past the reach
    assert sum(p > 0 for p in payload) >= 2                                    # and does not miss the flights
    assert all((lim == "bay_mass") == (p >= rated * (1 - 1e-6)) for p, lim in zip(payload, limits))
    assert all(lim != "bay_mass" for p, lim in zip(payload, limits) if p == 0)


def test_text_never_points_at_json_paths(cli):
    for args in (("route", "PEK", "JFK"), ("route", "PEK", "JFK", "--fidelity", "simulate"),
                 ("route", "PEK", "JFK", "--return-mode", "fly-back")):
        _, out, _ = cli(*args)
        assert not re.search(r"\b(flight|rocket|economics|air)\.[a-z_]+\b", out), args


def test_a_cargo_limit_above_the_vehicles_design_load_is_said_and_kept_as_given(cli):
    """A cargo that takes 20 g in a bay built for 6 g flies at 6 g: the flight's limit is the bay's, and it
    says so; the JSON inputs keep the 20 g given (they are what the user gave); size reports the 6 g held,
    not the 20 g it never flew to."""
    code, out, _ = cli("route", "PVG", "ICN", "--g-limit", "20 g0", "--json")
    data = json.loads(out)
    assert code == 0 and data["inputs"]["g_limit"]["value"] == pytest.approx(20.0)
    assert data["flight"]["g_limit"]["value"] == pytest.approx(6.0)
    assert any("design load" in s and "held to 6 g" in s for s in data["assumptions"])
    code, out, _ = cli("route", "PVG", "ICN", "--json")
    assert not any("design load" in s for s in json.loads(out)["assumptions"])
    code, out, _ = cli("size", "PVG", "ICN", "--g-limit", "20 g0", "--json")
    assert code == 0 and json.loads(out)["g_limit"]["value"] == pytest.approx(6.0)


def test_with_draws_the_text_says_which_figures_are_medians(cli):
    """With --samples the verdict is over the draws and the tables below it are the most-likely flight: the
    text says so between them (the verdict read 151.8 h door to door, the table 124.8 h, unlabelled)."""
    _, out, _ = cli("route", "PVG", "ICN", "--samples", "50", "--seed", "1")
    assert "tables below are the most-likely values" in " ".join(out.split())
    _, out, _ = cli("route", "PVG", "ICN")
    assert "tables below are the most-likely values" not in " ".join(out.split())


def test_a_freighter_out_of_reach_is_not_shown_as_a_non_stop(cli):
    """Where no routing with two stops reaches (McMurdo to London), the freighter's figures are flown
    non-stop as if it could — and the routing line says so instead of reading as a plain non-stop flight."""
    code, out, _ = cli("route", "-77.85,166.67", "LHR")
    text = " ".join(out.split())
    assert code == 0 and "out of reach even with two stops" in text
    _, out, _ = cli("route", "PEK", "JFK")
    assert "(non-stop)" in " ".join(out.split()) and "out of reach" not in out


def test_a_vanishing_cargo_costs_inf_a_unit_without_a_numpy_warning():
    """1e-300 kg takes 1e-302 m³ at the bay's density: its cost per m³ overflows to inf, which is the answer,
    not a RuntimeWarning leaking out of the cost model (the fuzz run met it)."""
    import warnings

    import rocketship as rs

    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        a = rs.assess("PEK", "JFK", payload="1e-300 kg")
    assert math.isinf(a.economics.cost_per_m3.m_as("USD/m**3"))


@pytest.mark.parametrize("args", [("compare", "PVG-ICN", "--csv", "-"), ("route", "PVG", "ICN", "--history", "-",
                                                                         "--fidelity", "simulate")])
def test_an_output_named_dash_is_refused_not_written_as_a_file(cli, tmp_path, monkeypatch, args):
    """'-' is the usual spelling of standard output, which the report itself goes to: refused (exit 2) with a
    word on what to give, instead of a file literally named '-' left in the working folder."""
    monkeypatch.chdir(tmp_path)
    code, _, err = cli(*args)
    assert code == 2 and "give a file name" in err
    assert not (tmp_path / "-").exists()


def test_a_cargo_just_over_the_bay_reads_as_over_it(cli):
    """10.01 t in a 10 t bay read "payload 10 t exceeds the bay's rated 10 t": the figures carry the digits that
    tell them apart."""
    code, out, _ = cli("route", "PVG", "ICN", "--payload", "10.01 t")
    assert code == 0 and "payload 10.01 t exceeds the bay's rated 10 t" in " ".join(out.split())
