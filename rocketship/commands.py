"""What each ``rocketship`` command does once its arguments are parsed (:mod:`.cli` parses them and turns
errors into exit codes).  Each handler imports only what it needs, so that a command loads no more than it uses."""

from __future__ import annotations

import sys

from .errors import ExitCode


def _print_json(data: dict) -> None:
    from .report.json import dumps

    sys.stdout.write(dumps(data) + "\n")


def _emit(args, obj, to_dict, render: str) -> int:
    """Print *obj* as JSON (``--json``) or through the named renderer (``"module.function"`` of rocketship.report)."""
    if args.json:
        _print_json(to_dict(obj))
    else:
        from importlib import import_module

        module, _, function = render.rpartition(".")
        getattr(import_module(f".report.{module}", __package__), function)(obj, args.units)
    return ExitCode.OK


def cmd_route(args) -> int:
    from .assessment import assess
    from .report.progress import StatusLine, with_progress
    from .errors import InputError

    if args.history is not None:
        from .report.files import check_outputs

        if args.fidelity != "simulate":
            raise InputError("--history needs --fidelity simulate")
        check_outputs({"--history": args.history}, args.force)
    if args.scheduler is not None and not args.samples:
        raise InputError("--scheduler runs the Monte Carlo on a cluster: give --samples N too")
    status = StatusLine()
    try:
        a = with_progress("Monte Carlo", lambda update: assess(
            args.origin, args.destination, vehicle=args.vehicle, payload=args.payload, volume=args.volume,
            parcel_mass=args.parcel_mass, trajectory=args.trajectory, fidelity=args.fidelity, freighter=args.freighter,
            air_service=args.air_service, air_load=args.air_load, route=args.route, sea_mode=args.sea_mode,
            ground_service=args.ground_service, demand=args.demand, return_mode=args.return_mode,
            g_limit=args.g_limit, bank=args.bank,
            pad_availability=args.pad_availability, samples=args.samples, seed=args.seed, progress=update,
            status=status, client=args.scheduler), enabled=args.samples >= 2000)
    finally:
        status.stop()
    if args.history is not None and getattr(a.flight, "simulation", None) is None:   # nothing reached its arc
        sys.stderr.write(f"rocketship: no time history written to {args.history}: nothing was flown\n")
    elif args.history is not None:
        from .report.files import write_atomic
        from .simulation import history_csv

        write_atomic(args.history, history_csv(a.flight.simulation.history), args.force)
    if args.json:
        _print_json(a.to_dict())
    else:
        from .report.text import render_route

        render_route(a, args.units, brief=args.brief)
    return ExitCode.OK


def cmd_size(args) -> int:
    from .report.progress import with_progress
    from .sizing import size

    result = with_progress("Sizing", lambda update: size(args.origin, args.destination, args.vehicle,
                                                          payload=args.payload, volume=args.volume,
                                                          g_limit=args.g_limit, progress=update))
    return _emit(args, result, lambda r: r.to_dict(), "sizing.render_sizing")


def cmd_compare(args) -> int:
    from .comparison import compare, parse_route_pair, read_routes_csv
    from .report.progress import with_progress
    from .errors import InputError
    from .report.files import check_outputs, write_atomic

    check_outputs({"--csv": args.csv}, args.force)
    pairs = [parse_route_pair(r) for r in args.routes]
    if args.routes_file is not None:
        pairs += read_routes_csv(args.routes_file)
    if not pairs:
        raise InputError("give at least one ROUTE (e.g. PEK:JFK) or --routes FILE")
    # every --vehicle(s) given, each a comma-separated list: a repeated option adds to the table, never
    # silently replaces the vehicles before it
    vehicles = [v.strip() for given in (args.vehicles or ["xzy-1"]) for v in given.split(",") if v.strip()]
    kwargs = {"air_service": args.air_service, "g_limit": args.g_limit}
    if args.payload is not None:
        kwargs["payload"] = args.payload
    if args.volume is not None:
        kwargs["volume"] = args.volume
    result = with_progress("Assessing routes", lambda update: compare(pairs, vehicles, progress=update,
                                                                     stack_needed=args.stack_needed, **kwargs))
    if args.csv is not None:
        write_atomic(args.csv, result.to_csv(), args.force)
    return _emit(args, result, lambda x: x.to_dict(), "compare.render_comparison")


def _default_airports() -> list[str]:
    from .catalog.places import cargo_airports

    return list(cargo_airports())


def cmd_matrix(args) -> int:
    from .catalog.lists import read_codes
    from .comparison import route_matrix
    from .report.files import check_outputs, write_atomic
    from .report.progress import with_progress

    check_outputs({"--csv": args.csv, "--plot": args.plot}, args.force, figures=("--plot",))
    codes = list(args.airports)
    if args.airports_file is not None:
        codes += read_codes(args.airports_file)
    codes = codes or _default_airports()
    m = with_progress("Route matrix", lambda update, tell: route_matrix(
        codes, args.vehicle, payload=args.payload, g_limit=args.g_limit, progress=update,
        stack_needed=args.stack_needed, status=tell, client=args.scheduler), status=True)
    if args.csv is not None:
        write_atomic(args.csv, m.to_csv(), args.force)
    if args.plot is not None:
        from .report.plots import matrix_figure

        matrix_figure(m, args.plot, args.force)
    return _emit(args, m, lambda x: x.to_dict(), "compare.render_matrix")


def cmd_plot(args) -> int:
    from .assessment import assess
    from .report.progress import StatusLine
    from .errors import InputError
    from .report.files import check_outputs
    from .report.plots import KINDS

    check_outputs({"--out": args.out}, args.force, figures=("--out",))
    if args.kind in ("tornado", "histogram") and args.samples <= 0:
        raise InputError(f"a {args.kind} figure needs Monte Carlo samples: add --samples N")
    status = StatusLine()
    try:
        a = assess(args.origin, args.destination, vehicle=args.vehicle, payload=args.payload,
                   trajectory=args.trajectory, samples=args.samples, seed=args.seed, fidelity=args.fidelity,
                   g_limit=args.g_limit, track=args.kind in ("trajectory", "map"), status=status)
    finally:
        status.stop()
    path = KINDS[args.kind](a, args.out, args.force)
    sys.stderr.write(f"wrote {path}\n") if sys.stderr.isatty() else None
    return ExitCode.OK


def cmd_validate(args) -> int:
    from .validation import run

    results = run()
    failed = [r for r in results if not r.passed]
    if args.json:
        _print_json({"schema": "rocketship.validate/1", "passed": len(results) - len(failed), "failed": len(failed),
                     "rows": [r.to_dict() for r in results]})
    else:
        from .report.catalog import render_validation

        render_validation(results)
    if failed:
        from .process import print_error

        print_error(f"{len(failed)} of {len(results)} checks failed: {', '.join(r.check.id for r in failed)}")
        return ExitCode.INTERNAL
    return ExitCode.OK


def cmd_payload_range(args) -> int:
    import numpy as np

    from .studies import checked_points, payload_range
    from .units import as_quantity

    checked_points(args.points)
    ranges = None
    if args.max_range is not None:
        from .units import Q_

        top = as_quantity(args.max_range, "length", name="--max-range", positive=True).m_as("km")
        ranges = Q_(np.linspace(min(500.0, top / args.points), top, args.points), "km")
    if args.plot is not None:
        from .report.files import check_outputs

        check_outputs({"--plot": args.plot}, args.force, figures=("--plot",))
    result = payload_range(args.vehicle, origin=args.origin, towards=args.towards, ranges=ranges, points=args.points,
                           g_limit=args.g_limit)
    if args.plot is not None:
        from .report.plots import payload_range_figure

        payload_range_figure(result, args.vehicle, args.plot, args.force)
    if args.json:
        _print_json(result.to_dict())
    else:
        from .report.text import render_payload_range

        render_payload_range(result, args.vehicle, args.units)
    return ExitCode.OK


def cmd_cache(args) -> int:
    from . import diskcache
    from .process import shown

    where = diskcache.location()
    if args.action == "clear":
        count, size = diskcache.clear()
    else:
        files = diskcache.files()
        count, size = len(files), diskcache.size(files)
    if args.json:
        _print_json({"schema": "rocketship.cache/1", "path": str(where) if where else None, "action": args.action,
                     "usable": diskcache.folder() is not None, "files": count, "bytes": size})
    else:
        verb = "removed" if args.action == "clear" else "holds"
        amount = f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.0f} kB"
        sys.stdout.write(_fitted(shown(str(where or "no cache folder (no home)")),
                                 f"{verb} {count} file{'s' * (count != 1)} ({amount})"))
    return ExitCode.OK


def _fitted(path: str, rest: str) -> str:
    """``path rest`` as one line when it fits the output's width, else *path* on a line of its own and *rest*
    under it: a path is never broken, so that it can be copied whole (one longer than the width is left to the
    terminal to fold)."""
    import shutil

    from rich.cells import cell_len

    from .report.layout import PIPED_WIDTH, output_width

    width = output_width(sys.stdout) or shutil.get_terminal_size((PIPED_WIDTH, 24)).columns
    line = f"{path} {rest}"
    return f"{line}\n" if cell_len(line) <= width else f"{path}\n{rest}\n"


def cmd_vehicles(args) -> int:
    from .catalog.vehicles import available_vehicles, load_vehicle

    return _catalog_command(args, load_vehicle, available_vehicles, "render_vehicle", "render_vehicle_list", "vehicles")


def cmd_routes(args) -> int:
    from .catalog.routes import available_routes, load_route

    return _catalog_command(args, load_route, available_routes, "render_route_preset", "render_route_list", "routes")


def _catalog_command(args, load_one, load_all, render_one: str, render_all: str, plural: str) -> int:
    """List a catalogue, or show one entry of it, as a table or JSON."""
    from .report import catalog as text
    from .report.json import catalog_json

    if args.id:
        item = load_one(args.id)
        if args.json:
            _print_json(catalog_json(item))
        else:
            getattr(text, render_one)(item, args.units)
        return ExitCode.OK
    items = load_all()
    if args.json:
        _print_json({"schema": f"rocketship.{plural}/1", plural: [catalog_json(i) for i in items]})
    else:
        getattr(text, render_all)(items, args.units)
    return ExitCode.OK
