"""The ``rocketship`` command line: commands, exit codes and one-line errors (described in README.md).

Exit codes: 0 answered (an infeasible route is an answer), 1 internal error,
2 usage or bad input, 3 unknown name, 4 invalid catalogue or user file,
130 interrupted.  Errors are one line on stderr; ``--traceback`` shows the
Python traceback of an internal error.

Imports are lazy: ``--help`` loads nothing but argparse, and each command
imports only what it needs.
"""

from __future__ import annotations

import argparse
import re
import sys

from .choices import PLOT_KINDS, TRAJECTORY_HELP
from .errors import ExitCode
UNIT_SYSTEMS = ("si", "imperial", "aviation")
PLACE_HELP = ("IATA or ICAO code (PEK, ZBAA), a site id from routes/, a city (Beijing: its main cargo airport), "
              "or LAT,LON in decimal degrees")
FIDELITY_HELP = "physics tier: estimate (closed form, fast) or simulate (3-DOF, guided) (default: estimate)"


class UsageError(Exception):
    """Raised by the argument parser instead of printing usage and exiting."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A word that starts with '-' and a digit or '.' is a value, not an option: a negative coordinate
        # (`route 90,0 -90,0`) or quantity (`--payload -5t`).  No option of ours looks like that.
        self._negative_number_matcher = re.compile(r"^-\.?\d")

    def error(self, message: str):  # one readable line, exit code 2 (handled in main)
        if "unrecognized arguments: -" in message:
            message += " (a value that starts with '-' can follow '--', e.g. 'rocketship compare -- -33.9,151.2:PVG')"
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _version() -> str:
    from . import __version__

    return __version__


def build_parser() -> argparse.ArgumentParser:
    # Long because it is the command line's table: one add_argument a line, read top to bottom like the --help it
    # prints; cut into a function a command it would say the same in more lines, and this module would pass 500.
    from . import commands

    p = _Parser(prog="rocketship", description="Point-to-point cargo by reusable rocket: "
                "can it fly, how long door to door, what does it cost, and how does air freight compare?")
    p.add_argument("--version", action="version", version=f"rocketship {_version()}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def common(sp):
        sp.add_argument("--json", action="store_true", help="machine-readable output on stdout")
        sp.add_argument("--units", choices=UNIT_SYSTEMS, default="si", help="display units (default: si)")
        sp.add_argument("--traceback", action="store_true", help="show a traceback on an internal error")

    def route_and_vehicle(sp):
        sp.add_argument("origin", metavar="ORIGIN", help=PLACE_HELP)
        sp.add_argument("destination", metavar="DESTINATION", help=PLACE_HELP)
        sp.add_argument("--vehicle", default="xzy-1", help="rocket id from vehicles/ or a TOML path (default: xzy-1)")

    r = sub.add_parser("route", help="one route, door to door: rocket vs air",
                       description="Assess one route: ORIGIN and DESTINATION are IATA or ICAO codes, "
                       "site ids from routes/, or LAT,LON in decimal degrees.")
    route_and_vehicle(r)
    r.add_argument("--payload", help="cargo mass, e.g. '10t', '8000 kg', '22000 lb' (default: rated payload)")
    r.add_argument("--volume", help="cargo volume, e.g. '120 m**3' (default: the bay's volume; with --payload, "
                   "that payload at the bay's density, as size takes it)")
    r.add_argument("--parcel-mass", default="0.5 kg", help="mass of one parcel (default: 0.5 kg)")
    r.add_argument("--trajectory", default="best", help=f"{TRAJECTORY_HELP} (default: best)")
    r.add_argument("--g-limit", help="the largest sustained acceleration the cargo takes, e.g. '4 g0' "
                                     "(default: the e-commerce parcels class, 4 g0)")
    r.add_argument("--bank", help="entry bank angle for a named arc, e.g. '45 deg' (default: lift up; "
                                  "best and fastest choose it)")
    r.add_argument("--fidelity", default="estimate", choices=("estimate", "simulate"), help=FIDELITY_HELP)
    r.add_argument("--history", metavar="FILE", help="with --fidelity simulate: write the time history as CSV")
    r.add_argument("--force", action="store_true", help="overwrite an existing output file")
    r.add_argument("--freighter", default="boeing-777f", help="aircraft for the air comparison (default: boeing-777f)")
    r.add_argument("--air-service", default="general", choices=("general", "express"),
                   help="air product described in detail, and the pairing the single-valued JSON keys repeat "
                   "(default: general; both pairings are always shown)")
    r.add_argument("--air-load", help="each freighter flight's payload, for routing and fuel (default: the shipment's part "
                   "of the flight topped up with other cargo to the average load factor)")
    r.add_argument("--route", help="route preset id from routes/ for pads and ports (default: matching preset, else by rule)")
    r.add_argument("--sea-mode", default="supply", choices=("supply", "ctv", "helicopter"),
                   help="port ↔ pad transfer (default: supply vessel)")
    r.add_argument("--ground-service", choices=("express", "general"),
                   help="which of the rocket's two door-to-door timelines to list leg by leg: with the pickup, "
                   "clearance and last mile of that air service (default: the --air-service); the comparison "
                   "always pairs each air service with the rocket over its own ground legs")
    r.add_argument("--demand", default="100 t/day", help="daily demand that sizes the fleet (default: 100 t/day)")
    r.add_argument("--return-mode", default="ship", choices=("ship", "fly-back"), help="how the cargo stage comes home")
    r.add_argument("--pad-availability", help="share of time sea state allows pad operations, e.g. '75 %%'")
    r.add_argument("--samples", type=int, default=0, help="Monte Carlo draws over every ranged input (0 = point estimate)")
    r.add_argument("--seed", type=int, help="seed for the Monte Carlo draws (same seed, same answer)")
    r.add_argument("--scheduler", metavar="ADDRESS", help="with --samples: fly the draws on a Dask cluster (dask "
                   "extra): its scheduler's address, tcp://HOST:PORT, or 'env' for DASK_SCHEDULER_ADDRESS; the same "
                   "figures, to the bit, as without it")
    r.add_argument("--brief", action="store_true", help="print only the verdict: can it fly, door to door against "
                   "air express and general, cost per kg and per parcel")
    common(r)
    r.set_defaults(func=commands.cmd_route)

    pr = sub.add_parser("payload-range", help="payload against range for a rocket",
                        description="Max payload against ground range along the bearing from --origin towards --towards.")
    pr.add_argument("--vehicle", default="xzy-1", help="rocket id from vehicles/ or a TOML path (default: xzy-1)")
    pr.add_argument("--origin", default="PEK", help="launch place (default: PEK)")
    pr.add_argument("--towards", default="JFK", help="the bearing is towards this place (default: JFK)")
    pr.add_argument("--max-range", help="longest range to tabulate, e.g. '5000 km' (default: a fifth beyond the "
                    "empty vehicle's reach on this bearing)")
    pr.add_argument("--points", type=int, default=20, help="rows in the table (default: 20)")
    pr.add_argument("--plot", metavar="FILE", help="also draw the curve (plot extra)")
    pr.add_argument("--g-limit", help="the cargo's g limit, as for route")
    pr.add_argument("--force", action="store_true", help="overwrite an existing figure")
    common(pr)
    pr.set_defaults(func=commands.cmd_payload_range)

    sz = sub.add_parser("size", help="how big a stack of a vehicle's technology would fly a route with a cargo",
                        description="The smallest stack of --vehicle's family (stages scaled as one: same Isp, "
                        "structural ratio, thrust-to-weight and shape; the bay with it) that flies ORIGIN to "
                        "DESTINATION with the cargo under the same limits as 'route'.")
    route_and_vehicle(sz)
    sz.add_argument("--payload", help="cargo mass (default: the vehicle's rated payload)")
    sz.add_argument("--volume", help="cargo volume (default: the bay's volume per tonne of rated payload)")
    sz.add_argument("--g-limit", help="the cargo's g limit, as for route")
    common(sz)
    sz.set_defaults(func=commands.cmd_size)

    c = sub.add_parser("compare", help="many routes and vehicles in one table",
                       description="Assess every ROUTE (ORIGIN:DESTINATION, e.g. PEK:JFK or -33.9,151.2:PVG; "
                       "PEK-JFK where the '-' is unambiguous) with every vehicle.")
    c.add_argument("routes", nargs="*", metavar="ROUTE",
                   help="ORIGIN:DESTINATION pairs, e.g. PEK:JFK PVG-ICN")
    c.add_argument("--routes", dest="routes_file", metavar="FILE", help="CSV with origin,destination columns")
    c.add_argument("--vehicles", "--vehicle", dest="vehicles", action="append", metavar="ID[,ID...]",
                   help="rocket ids from vehicles/ or TOML paths, comma-separated or the option repeated, every "
                   "one kept (default: xzy-1)")
    c.add_argument("--payload", help="cargo mass for every row (default: each vehicle's rated payload)")
    c.add_argument("--volume", help="cargo volume for every row (default: each vehicle's bay volume; with "
                   "--payload, that payload at each bay's density)")
    c.add_argument("--g-limit", help="the cargo's g limit for every row, as for route")
    c.add_argument("--air-service", default="general", choices=("general", "express"),
                   help="the pairing the JSON rows' 'time_saved' and 'premium_ratio' repeat, named in 'pairing' "
                   "(default: general; every row, the table and the CSV carry both pairings)")
    c.add_argument("--csv", metavar="FILE", help="also write the table as CSV (units in the header)")
    c.add_argument("--stack-needed", action="store_true", help="also size, for every row, the smallest stack of the "
                   "vehicle's family that flies it (as 'size' does; seconds a route)")
    c.add_argument("--force", action="store_true", help="overwrite an existing output file")
    common(c)
    c.set_defaults(func=commands.cmd_compare)

    mx = sub.add_parser("matrix", help="estimate-tier flights between every pair of a list of airports",
                        description="Route matrix through the vectorised estimate tier, each pair flown between the sites "
                                    "`route` flies it between.")
    mx.add_argument("airports", nargs="*", metavar="CODE", help="airport codes (default: the busiest cargo airports)")
    mx.add_argument("--airports", dest="airports_file", metavar="FILE", help="text file with one code per line (its codes follow any CODEs given)")
    mx.add_argument("--vehicle", default="xzy-1", help="rocket id from vehicles/ or a TOML path (default: xzy-1)")
    mx.add_argument("--payload", help="cargo mass (default: the rated payload)")
    mx.add_argument("--g-limit", help="the cargo's g limit, as for route")
    mx.add_argument("--csv", metavar="FILE", help="write every ordered pair as CSV")
    mx.add_argument("--plot", metavar="FILE", help="also draw a heat map (plot extra)")
    mx.add_argument("--stack-needed", action="store_true", help="also size, for every pair flown, the smallest stack "
                    "of the vehicle's family that flies it (as 'size' does, between its pads; about a minute for the "
                    "default list)")
    mx.add_argument("--scheduler", metavar="ADDRESS", help="fly the pairs on a Dask cluster (dask extra): its "
                    "scheduler's address, tcp://HOST:PORT, or 'env' for DASK_SCHEDULER_ADDRESS (read for 'env' only); "
                    "the same matrix, to the bit, as without it")
    mx.add_argument("--force", action="store_true", help="overwrite an existing output file")
    common(mx)
    mx.set_defaults(func=commands.cmd_matrix)

    pl = sub.add_parser("plot", help="figures: trajectory, door-to-door timeline, cost, tornado, histogram, route map",
                        description="Draw a figure for one route (needs the plot extra: pip install 'rocketship[plot]').")
    pl.add_argument("origin", metavar="ORIGIN", help=PLACE_HELP)
    pl.add_argument("destination", metavar="DESTINATION", help=PLACE_HELP)
    pl.add_argument("--out", required=True, metavar="FILE", help="output file (.png, .pdf or .svg)")
    pl.add_argument("--kind", default="trajectory", choices=PLOT_KINDS,
                    help="which figure (default: trajectory; tornado and histogram need --samples; map: the route "
                    "on a map)")
    pl.add_argument("--vehicle", default="xzy-1", help="rocket id from vehicles/ or a TOML path (default: xzy-1)")
    pl.add_argument("--payload", help="cargo mass, e.g. '10t' (default: the rated payload)")
    pl.add_argument("--trajectory", default="best", help=f"{TRAJECTORY_HELP} (default: best)")
    pl.add_argument("--g-limit", help="the cargo's g limit, as for route")
    pl.add_argument("--fidelity", default="estimate", choices=("estimate", "simulate"), help=FIDELITY_HELP)
    pl.add_argument("--samples", type=int, default=0, help="Monte Carlo draws (needed for tornado and histogram)")
    pl.add_argument("--seed", type=int, help="seed for the Monte Carlo draws (same seed, same answer)")
    pl.add_argument("--force", action="store_true", help="overwrite an existing file")
    pl.add_argument("--traceback", action="store_true", help="show a traceback on an internal error")
    pl.set_defaults(func=commands.cmd_plot)

    va = sub.add_parser("validate", help="published-versus-computed scoreboard (exit 1 if any row fails)",
                        description="Published figures (textbook cases, standards, operators' numbers) against what "
                        "rocketship's models compute, each with its tolerance band and source; exit 1 if any row fails.")
    common(va)
    va.set_defaults(func=commands.cmd_validate)

    v = sub.add_parser("vehicles", help="list the vehicle catalogue, or show one vehicle with its sources",
                       description="List the rockets and freighters in vehicles/, or show every figure of one with its "
                       "range, confidence and source.")
    v.add_argument("id", nargs="?", metavar="ID", help="vehicle id or TOML path")
    common(v)
    v.set_defaults(func=commands.cmd_vehicles)

    rs = sub.add_parser("routes", help="list curated route presets, or show one",
                        description="List the route presets in routes/ (pads, landing zones, ports and road legs), "
                        "or show one with the source of every site.")
    rs.add_argument("id", nargs="?", metavar="ID", help="route id or TOML path")
    common(rs)
    rs.set_defaults(func=commands.cmd_routes)

    ca = sub.add_parser("cache", help="show or clear the cache of catalogues, unit definitions and the land grid",
                        description="rocketship caches parsed catalogues, pint's unit definitions and a land grid, "
                        "as data, in $XDG_CACHE_HOME/rocketship (or ~/.cache/rocketship), and only where that folder "
                        "is yours alone; each is rebuilt when needed. 'clear' removes only the files rocketship "
                        "wrote there.")
    ca.add_argument("action", nargs="?", choices=("show", "clear"), default="show",
                    help="show where the cache is and how much it holds (default), or clear it")
    ca.add_argument("--json", action="store_true", help="machine-readable output on stdout")
    ca.add_argument("--traceback", action="store_true", help="show a traceback on an internal error")
    ca.set_defaults(func=commands.cmd_cache)
    return p


def _error(message: str) -> None:
    from .process import print_error

    print_error(message)


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit code (see the module doc)."""
    from .process import one_line_warnings, prepare_streams

    prepare_streams()
    argv = sys.argv[1:] if argv is None else list(argv)
    want_traceback = "--traceback" in argv
    with one_line_warnings(show_numerical=want_traceback):
        return _run_command(argv, want_traceback)


def _run_command(argv: list[str], want_traceback: bool) -> int:
    try:
        args = build_parser().parse_args(argv)
        if not getattr(args, "command", None):
            _error("a command is required: route, size, compare, matrix, payload-range, plot, validate, vehicles, "
                   "routes or cache (see 'rocketship --help')")
            return ExitCode.USAGE
        if args.command != "cache":   # every other command reads units
            from .process import import_pint_without_dask

            import_pint_without_dask()
        code = args.func(args)
        sys.stdout.flush()   # here, not at exit: a reader that went away is handled below
        return code
    except UsageError as exc:
        _error(str(exc))
        return ExitCode.USAGE
    except KeyboardInterrupt:
        sys.stderr.write("rocketship: interrupted\n")
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # the reader went away (e.g. `| head`): not an error of ours
        from .process import silence_stdout

        silence_stdout()
        return ExitCode.OK
    except Exception as exc:
        return _report_failure(exc, want_traceback)


def _report_failure(exc: Exception, want_traceback: bool) -> int:
    """One line for an error in its class; a full disk is the machine's, not a bug; the rest is internal."""
    import errno

    from .errors import RocketshipError

    if isinstance(exc, RocketshipError) and exc.exit_code != ExitCode.INTERNAL:
        _error(str(exc))
        return exc.exit_code
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        _error(f"cannot write {exc.filename or 'to standard output'}: no space left on the device")
        return ExitCode.USAGE
    if want_traceback:
        import traceback

        traceback.print_exc()
    else:
        _error(f"internal error: {type(exc).__name__}: {exc} (run again with --traceback for details)")
    return ExitCode.INTERNAL


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
