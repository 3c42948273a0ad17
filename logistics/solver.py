"""Which pickup run each parcel rides: an assignment problem, solved exactly where it can be.

Pure Python on plain values (no Django): `logistics.planning` builds an instance from the
database and writes the plan back; the benchmark and the brute-force tests build their own.

A parcel may ride a run (a `Slot`: a run that exists or one the timetable promises) whose line
stops at the parcel's station; the run's room by weight must hold it, and a cold parcel must also
fit the run's cooler room. The plans are compared lexicographically (`score`):

1. as few parcels as possible not on time — waiting, or on a run that reaches the county hub too
   late for its goods' shelf life (`Parcel.latest_hub_arrival`);
2. among those, as few waiting (a late run still gets the goods moving);
3. the earliest arrivals: the sum of the minutes until each parcel reaches the hub;
4. the fullest buses: as few runs as possible that carried nothing before;
5. the fewest parcels moved off the run they are booked on (planning again changes nothing
   that does not gain something above: no buyer's date moves for nothing).

`solve` answers with OR-Tools' CP-SAT, one model per group of lines that share parcels, the four
goals weighted so that each outweighs everything after it. Without OR-Tools, or when CP-SAT finds
no plan in its time, the plan is first fit: earliest deadline first, each parcel on the earliest
run with room.
"""

from __future__ import annotations

import datetime
import os
import time
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeAlias

try:
    from ortools.sat.python import cp_model
except ImportError:  # the fallback plans without it
    cp_model = None  # type: ignore[assignment]  # an optional import: solve() checks for None


@dataclass(frozen=True)
class Slot:
    """A run a parcel could ride, with the room it has left (grams) for the parcels being planned."""

    key: Hashable
    line_id: int
    departs_at: datetime.datetime
    hub_arrival: datetime.datetime
    stations: frozenset[int]  # the stations where it picks up parcels
    room_g: int
    cooler_room_g: int
    carries: bool = False  # it already carries parcels that are not being planned (it runs anyway)


@dataclass(frozen=True)
class Parcel:
    key: Hashable
    station_id: int
    weight_g: int
    cold: bool = False
    latest_hub_arrival: datetime.datetime | None = None  # must reach the hub before this; None: no limit
    current: Hashable | None = None  # the run it is booked on now, if any


Runs: TypeAlias = dict[Hashable, Hashable | None]  # parcel key → slot key, None: the parcel waits
Options: TypeAlias = dict[Hashable, list[Slot]]  # parcel key → the runs it could ride


@dataclass
class Plan:
    runs: Runs  # parcel key → slot key, None: the parcel waits
    # How each group of lines was planned: "direct" (each parcel on its own best run, nothing to
    # choose), "cp-sat" (proven best), "cp-sat (time limit)" (the best found in time), "first fit".
    methods: Counter[str]
    seconds: float = 0.0
    stats: dict[str, int] = field(default_factory=dict)

    def slot_of(self, parcel_key: Hashable) -> Hashable | None:
        return self.runs.get(parcel_key)


def fits_alone(parcel: Parcel, slot: Slot) -> bool:
    return (parcel.station_id in slot.stations and parcel.weight_g <= slot.room_g
            and (not parcel.cold or parcel.weight_g <= slot.cooler_room_g))


def on_time(parcel: Parcel, slot: Slot) -> bool:
    return parcel.latest_hub_arrival is None or slot.hub_arrival < parcel.latest_hub_arrival


def minutes_until(slot: Slot, now: datetime.datetime) -> int:
    # Whole minutes (departures are on the minute): the difference between two runs never
    # depends on when the plan is made, so planning again finds the same ties.
    return max(0, int((slot.hub_arrival - now).total_seconds() // 60))


def _order(slot: Slot) -> tuple[datetime.datetime, datetime.datetime, str]:
    return slot.hub_arrival, slot.departs_at, str(slot.key)


def candidates(parcels: Iterable[Parcel], slots: Iterable[Slot]) -> dict[Hashable, list[Slot]]:
    """The runs each parcel could ride alone, earliest at the hub first: {parcel key: [slot]}. The
    runs are sorted once and grouped by station, so a parcel is checked only against its own."""
    by_station: defaultdict[int, list[Slot]] = defaultdict(list)
    for slot in sorted(slots, key=_order):
        for station in slot.stations:
            by_station[station].append(slot)
    return {p.key: [s for s in by_station.get(p.station_id, ()) if fits_alone(p, s)] for p in parcels}


def _prune(members: list[Parcel], options: Options, now: datetime.datetime) -> Options:
    """Each parcel's runs cut after the first few that could not all be (nearly) full.

    In a best plan no parcel rides a run while an earlier one (fewer minutes to the hub) that stops
    at its station still has room for it: moving it there would arrive sooner and be no less on
    time. A parcel of w kg on a run after runs 1..k therefore means each of those had less than w
    kg of room left (for a cold parcel: of total or of cooler room), so the planned parcels
    loaded them with more than Σ (room_i − w); once that sum reaches the weight of all parcels
    planned together, no best plan uses a later run, and the model leaves them out."""
    total = sum(p.weight_g for p in members)
    pruned: Options = {}
    for parcel in members:
        kept: list[Slot] = []
        filled = 0
        for slot in options[parcel.key]:
            if filled >= total and minutes_until(slot, now) > minutes_until(kept[-1], now):
                break
            kept.append(slot)
            room = min(slot.room_g, slot.cooler_room_g) if parcel.cold else slot.room_g
            filled += room - parcel.weight_g
        pruned[parcel.key] = kept
    return pruned


def score(parcels: list[Parcel], slots: list[Slot], runs: Mapping[Hashable, Hashable | None], *,
          now: datetime.datetime) -> tuple[int, int, int, int, int]:
    """(not on time, waiting, minutes until the hub summed, runs added, parcels moved) of a plan;
    smaller is better.
    Raises ValueError for a plan that breaks a rule (a run overloaded, a cold parcel without cooler
    room, a parcel on a run that does not stop at its station)."""
    by_key = {s.key: s for s in slots}
    load: defaultdict[Hashable, int] = defaultdict(int)
    cold_load: defaultdict[Hashable, int] = defaultdict(int)
    late = waiting = minutes = moved = 0
    for parcel in parcels:
        key = runs.get(parcel.key)
        moved += parcel.current is not None and key != parcel.current
        if key is None:
            late, waiting = late + 1, waiting + 1
            continue
        slot = by_key[key]
        if parcel.station_id not in slot.stations:
            raise ValueError(f"{parcel.key} on {key}, which does not stop at its station")
        load[key] += parcel.weight_g
        if parcel.cold:
            cold_load[key] += parcel.weight_g
        late += not on_time(parcel, slot)
        minutes += minutes_until(slot, now)
    for key, grams in load.items():
        if grams > by_key[key].room_g or cold_load[key] > by_key[key].cooler_room_g:
            raise ValueError(f"{key} overloaded")
    added = sum(1 for key in load if not by_key[key].carries)
    return late, waiting, minutes, added, moved


def first_fit(parcels: list[Parcel], slots: list[Slot], options: Options | None = None) -> Runs:
    """Each parcel on the earliest run (at the hub) that still has room, in the better of two
    orders: earliest deadline first, or lightest first (more parcels on the early buses) — either
    way, first the parcels that can still be on time, each on a run that is, then every other."""
    options = options or candidates(parcels, slots)
    never = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    plans = [_greedy(sorted(parcels, key=order), slots, options) for order in (
        lambda p: (p.latest_hub_arrival or never, p.weight_g, str(p.key)),
        lambda p: (p.latest_hub_arrival is None, p.weight_g, str(p.key)))]
    return min(plans, key=lambda runs: _quick_score(parcels, slots, runs))


def _greedy(ordered: list[Parcel], slots: list[Slot], options: Options) -> Runs:
    room = {s.key: s.room_g for s in slots}
    cooler = {s.key: s.cooler_room_g for s in slots}
    runs: Runs = {}

    def place(parcel: Parcel, choices: list[Slot]) -> bool:
        for slot in choices:
            if room[slot.key] >= parcel.weight_g and (not parcel.cold or cooler[slot.key] >= parcel.weight_g):
                room[slot.key] -= parcel.weight_g
                if parcel.cold:
                    cooler[slot.key] -= parcel.weight_g
                runs[parcel.key] = slot.key
                return True
        return False

    later = [p for p in ordered if not place(p, [s for s in options[p.key] if on_time(p, s)])]
    for parcel in later:
        if not place(parcel, options[parcel.key]):
            runs[parcel.key] = None
    return runs


def _quick_score(parcels: list[Parcel], slots: list[Slot], runs: Runs) -> tuple[int, int, float, int]:
    by_key = {s.key: s for s in slots}
    late = waiting = 0
    arrivals = 0.0
    used: set[Hashable] = set()
    for parcel in parcels:
        key = runs.get(parcel.key)
        if key is None:
            late, waiting = late + 1, waiting + 1
        else:
            slot = by_key[key]
            late += not on_time(parcel, slot)
            arrivals += slot.hub_arrival.timestamp()
            used.add(key)
    return late, waiting, arrivals, sum(1 for key in used if not by_key[key].carries)


def _best_alone(parcel: Parcel, options: list[Slot], now: datetime.datetime) -> list[Slot]:
    """The runs that would be best for this parcel if it were the only one (usually one)."""
    if not options:
        return []
    best = min((not on_time(parcel, s), minutes_until(s, now)) for s in options)
    return [s for s in options if (not on_time(parcel, s), minutes_until(s, now)) == best]


def _direct(parcels: list[Parcel], slots: list[Slot], options: Options, now: datetime.datetime) -> Runs | None:
    """Each parcel on its own best run, when that is one run and they all fit together: then no
    other plan can do better on any goal, and no solver is needed (most days on most lines)."""
    room = {s.key: s.room_g for s in slots}
    cooler = {s.key: s.cooler_room_g for s in slots}
    runs: Runs = {}
    for parcel in parcels:
        best = _best_alone(parcel, options[parcel.key], now)
        if len(best) > 1:
            return None
        if not best:
            runs[parcel.key] = None
            continue
        key = best[0].key
        room[key] -= parcel.weight_g
        if parcel.cold:
            cooler[key] -= parcel.weight_g
        if room[key] < 0 or cooler[key] < 0:
            return None
        runs[parcel.key] = key
    return runs


def _groups(parcels: list[Parcel], options: Options) -> list[tuple[list[Parcel], list[Slot]]]:
    """Parcels that can compete for a run, with their runs: lines joined by a parcel that could
    ride either (union-find over lines)."""
    parent: dict[int, int] = {}

    def find(a: int) -> int:
        parent.setdefault(a, a)
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for parcel in parcels:
        lines = [s.line_id for s in options[parcel.key]]
        for line in lines[1:]:
            parent[find(line)] = find(lines[0])
    grouped: defaultdict[int, tuple[list[Parcel], dict[Hashable, Slot]]] = defaultdict(lambda: ([], {}))
    for parcel in parcels:
        if options[parcel.key]:
            members, group_slots = grouped[find(options[parcel.key][0].line_id)]
            members.append(parcel)
            group_slots.update({s.key: s for s in options[parcel.key]})
    return [(members, list(group_slots.values())) for members, group_slots in grouped.values()]


def _cp_sat(parcels: list[Parcel], slots: list[Slot], options: Options, now: datetime.datetime, hint: Runs,
            seconds: float) -> tuple[Runs | None, bool]:
    """The plan CP-SAT finds within `seconds` (None: none found) and whether it is proven best."""
    model = cp_model.CpModel()
    horizon = max((minutes_until(s, now) for s in slots), default=0)
    # Each goal weighs more than the most all later goals can add up to.
    w_moved = 1
    w_added = len(parcels) + 1
    w_minutes = w_added * (len(slots) + 1)
    w_waiting = w_minutes * (horizon * len(parcels) + 1)
    w_late = w_waiting * (len(parcels) + 1)
    x: dict[tuple[Hashable, Hashable], cp_model.IntVar] = {}
    variables: list[cp_model.IntVar] = []
    costs: list[int] = []
    by_slot: defaultdict[Hashable, list[tuple[Parcel, cp_model.IntVar]]] = defaultdict(list)
    for parcel in parcels:
        mine: list[cp_model.IntVar] = []
        for slot in options[parcel.key]:
            var = model.new_bool_var(f"x{len(x)}")
            x[parcel.key, slot.key] = var
            by_slot[slot.key].append((parcel, var))
            mine.append(var)
            # Riding this run, against waiting: on time (or not), not waiting, its minutes, and
            # moved or not (waiting moves a booked parcel too).
            moves = (slot.key != parcel.current) - 1 if parcel.current is not None else 0
            variables.append(var)
            costs.append(w_minutes * minutes_until(slot, now) - w_waiting - (w_late if on_time(parcel, slot) else 0)
                         + w_moved * moves)
        model.add_at_most_one(mine)
    for n, slot in enumerate(slots):
        riders = by_slot[slot.key]
        if not riders:
            continue
        if sum(p.weight_g for p, _ in riders) > slot.room_g:
            model.add(cp_model.LinearExpr.weighted_sum([v for _, v in riders], [p.weight_g for p, _ in riders])
                      <= slot.room_g)
        cold = [(p, v) for p, v in riders if p.cold]
        if cold and sum(p.weight_g for p, _ in cold) > slot.cooler_room_g:
            model.add(cp_model.LinearExpr.weighted_sum([v for _, v in cold], [p.weight_g for p, _ in cold])
                      <= slot.cooler_room_g)
        if not slot.carries:
            used = model.new_bool_var(f"u{n}")
            for _, v in riders:
                model.add_implication(v, used)
            variables.append(used)
            costs.append(w_added)
    model.minimize(cp_model.LinearExpr.weighted_sum(variables, costs))
    for (parcel_key, slot_key), var in x.items():
        model.add_hint(var, hint.get(parcel_key) == slot_key)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.01)
    solver.parameters.num_workers = 1  # one search per group; groups run side by side
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False
    runs: Runs = {p.key: next((s.key for s in options[p.key] if solver.boolean_value(x[p.key, s.key])), None)
            for p in parcels}
    return runs, status == cp_model.OPTIMAL


def solve(parcels: list[Parcel], slots: list[Slot], *, now: datetime.datetime, seconds: float = 0.8,
          threads: int | None = None, use_solver: bool = True) -> Plan:
    """The best plan for `parcels` on `slots` (see the module's goals) within about `seconds`.

    Groups of lines that share no parcel are solved apart, `threads` at a time (CP-SAT lets go of
    the interpreter while it searches); each gets a share of the time by its number of parcels."""
    started = time.perf_counter()
    deadline = started + seconds
    threads = threads or os.cpu_count() or 1
    options = candidates(parcels, slots)
    runs: Runs = {p.key: None for p in parcels if not options[p.key]}
    methods: Counter[str] = Counter()
    stats = {"groups": 0, "choices": sum(len(o) for o in options.values()), "variables": 0}
    hard: list[tuple[list[Parcel], list[Slot], Options, Runs]] = []
    for members, group_slots in _groups(parcels, options):
        stats["groups"] += 1
        direct = _direct(members, group_slots, options, now)
        if direct is not None:
            runs.update(direct)
            methods["direct"] += 1
            continue
        hint = first_fit(members, group_slots, options)
        if cp_model is None or not use_solver:
            runs.update(hint)
            methods["first fit"] += 1
            continue
        pruned = _prune(members, options, now)
        stats["variables"] += sum(len(pruned[p.key]) for p in members)
        hard.append((members, list({s.key: s for p in members for s in pruned[p.key]}.values()), pruned, hint))

    total = sum(len(members) for members, *_ in hard)
    budget = max(0.0, deadline - time.perf_counter()) * min(threads, len(hard) or 1)

    def run(group: tuple[list[Parcel], list[Slot], Options, Runs]) -> tuple[Runs, str]:
        members, group_slots, pruned, hint = group
        share = min(budget * len(members) / total, deadline - time.perf_counter())
        found, proven = _cp_sat(members, group_slots, pruned, now, hint, share)
        # The search starts from the hint and may stop before it has done better.
        if found is None or score(members, group_slots, found, now=now) > score(members, group_slots, hint, now=now):
            return hint, "first fit"
        return found, "cp-sat" if proven else "cp-sat (time limit)"

    if hard:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            for found, method in pool.map(run, sorted(hard, key=lambda g: -len(g[0]))):
                runs.update(found)
                methods[method] += 1
    return Plan(runs=runs, methods=methods, seconds=time.perf_counter() - started, stats=stats)
