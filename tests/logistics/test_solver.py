"""The planner's plans, against every possible plan of small instances (brute force), and its rules."""

import datetime
import random
from zoneinfo import ZoneInfo

import pytest

from logistics import solver

TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=TZ)


def exhaustive_best(parcels, slots):
    """The best score over every plan that keeps the rules (each parcel waits or rides a run that
    stops at its station, within the run's room and cooler room)."""
    best = None
    room = {s.key: s.room_g for s in slots}
    cooler = {s.key: s.cooler_room_g for s in slots}
    runs = {}
    options = {p.key: [s for s in slots if p.station_id in s.stations] for p in parcels}

    def visit(i):
        nonlocal best
        if i == len(parcels):
            found = solver.score(parcels, slots, runs, now=NOW)
            best = found if best is None else min(best, found)
            return
        parcel = parcels[i]
        runs[parcel.key] = None
        visit(i + 1)
        for slot in options[parcel.key]:
            if room[slot.key] >= parcel.weight_g and (not parcel.cold or cooler[slot.key] >= parcel.weight_g):
                room[slot.key] -= parcel.weight_g
                cooler[slot.key] -= parcel.weight_g if parcel.cold else 0
                runs[parcel.key] = slot.key
                visit(i + 1)
                room[slot.key] += parcel.weight_g
                cooler[slot.key] += parcel.weight_g if parcel.cold else 0
        del runs[parcel.key]

    visit(0)
    return best


def small_instance(rng, *, parcels, slots, roomy=False):
    """Two lines that share a station (so parcels there can ride either), runs over three days,
    cramped enough that parcels compete for room, cooler room and on-time runs (`roomy`: enough
    room that the later runs are never needed, which the planner leaves out of its model); some
    parcels already booked on a run."""
    stations = {0: frozenset({1, 2, 3}), 1: frozenset({3, 4})}
    made = []
    for n in range(slots):
        line = n % 2
        departs = NOW + datetime.timedelta(hours=rng.choice((2, 8, 22, 26, 46, 50)), minutes=n)
        made.append(solver.Slot(key=f"run{n}", line_id=line, departs_at=departs,
                                hub_arrival=departs + datetime.timedelta(hours=1 + line),
                                stations=stations[line], room_g=rng.choice((3000, 4000, 6000)) * (3 if roomy else 1),
                                cooler_room_g=rng.choice((0, 1000, 2000, 3000)) * (3 if roomy else 1),
                                carries=rng.random() < 0.3))
    made_parcels = [solver.Parcel(
        key=f"p{n}", station_id=rng.choice((1, 2, 3, 4)), weight_g=rng.choice((500, 1000, 1500, 2000, 2500)),
        cold=rng.random() < 0.4,
        latest_hub_arrival=(NOW + datetime.timedelta(hours=rng.choice((4, 12, 30, 55))))
        if rng.random() < 0.5 else None,
        current=rng.choice(made).key if rng.random() < 0.3 else None)
        for n in range(parcels)]
    return made_parcels, made


CASES = [(seed, n, 3 if n > 9 else 4, False)
         for seed, n in enumerate([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 12, 6, 8])]
CASES += [(100 + seed, n, 6, True) for seed, n in enumerate([3, 4, 5, 6, 6])]


@pytest.mark.parametrize("seed,parcels,slots,roomy", CASES)
def test_on_small_instances_the_plan_is_as_good_as_the_exhaustive_optimum(seed, parcels, slots, roomy):
    rng = random.Random(seed)
    parcels_, slots_ = small_instance(rng, parcels=parcels, slots=slots, roomy=roomy)
    plan = solver.solve(parcels_, slots_, now=NOW, seconds=5)
    assert solver.score(parcels_, slots_, plan.runs, now=NOW) == exhaustive_best(parcels_, slots_)
    assert "first fit" not in plan.methods and "cp-sat (time limit)" not in plan.methods


def test_a_cold_parcel_rides_only_in_cooler_room_even_when_the_bus_has_room():
    early = solver.Slot(key="early", line_id=1, departs_at=NOW + datetime.timedelta(hours=2),
                        hub_arrival=NOW + datetime.timedelta(hours=3), stations=frozenset({1}), room_g=50_000,
                        cooler_room_g=0)
    later = solver.Slot(key="later", line_id=1, departs_at=NOW + datetime.timedelta(hours=26),
                        hub_arrival=NOW + datetime.timedelta(hours=27), stations=frozenset({1}), room_g=50_000,
                        cooler_room_g=5_000)
    crab = solver.Parcel(key="crab", station_id=1, weight_g=2_000, cold=True)
    honey = solver.Parcel(key="honey", station_id=1, weight_g=2_000)
    for use_solver in (True, False):
        plan = solver.solve([crab, honey], [early, later], now=NOW, use_solver=use_solver)
        assert plan.runs == {"crab": "later", "honey": "early"}


def test_a_perishable_takes_the_last_room_on_time_and_the_honey_waits_for_the_next_bus():
    # Room for one: the honey would come first by weight, but only the crab has a deadline.
    first = solver.Slot(key="first", line_id=1, departs_at=NOW + datetime.timedelta(hours=2),
                        hub_arrival=NOW + datetime.timedelta(hours=3), stations=frozenset({1}), room_g=2_000,
                        cooler_room_g=2_000)
    second = solver.Slot(key="second", line_id=1, departs_at=NOW + datetime.timedelta(hours=26),
                         hub_arrival=NOW + datetime.timedelta(hours=27), stations=frozenset({1}), room_g=2_000,
                         cooler_room_g=2_000)
    crab = solver.Parcel(key="crab", station_id=1, weight_g=2_000, cold=True,
                         latest_hub_arrival=NOW + datetime.timedelta(hours=6))
    honey = solver.Parcel(key="honey", station_id=1, weight_g=1_000)
    for use_solver in (True, False):
        plan = solver.solve([honey, crab], [first, second], now=NOW, use_solver=use_solver)
        assert plan.runs == {"crab": "first", "honey": "second"}
        assert solver.score([honey, crab], [first, second], plan.runs, now=NOW)[0] == 0


def test_the_plan_fills_a_bus_that_runs_anyway_before_adding_one():
    # Two lines reach the hub at the same hour; one already carries parcels.
    running = solver.Slot(key="running", line_id=1, departs_at=NOW + datetime.timedelta(hours=2),
                          hub_arrival=NOW + datetime.timedelta(hours=3), stations=frozenset({1}), room_g=9_000,
                          cooler_room_g=0, carries=True)
    empty = solver.Slot(key="empty", line_id=2, departs_at=NOW + datetime.timedelta(hours=2),
                        hub_arrival=NOW + datetime.timedelta(hours=3), stations=frozenset({1}), room_g=9_000,
                        cooler_room_g=0)
    honey = solver.Parcel(key="honey", station_id=1, weight_g=1_000)
    assert solver.solve([honey], [empty, running], now=NOW).runs == {"honey": "running"}


def test_the_score_refuses_a_plan_that_breaks_a_rule():
    slot = solver.Slot(key="s", line_id=1, departs_at=NOW, hub_arrival=NOW, stations=frozenset({1}), room_g=1_000,
                       cooler_room_g=0)
    cold = solver.Parcel(key="c", station_id=1, weight_g=500, cold=True)
    heavy = solver.Parcel(key="h", station_id=1, weight_g=1_500)
    elsewhere = solver.Parcel(key="e", station_id=2, weight_g=100)
    for parcel in (cold, heavy, elsewhere):
        with pytest.raises(ValueError):
            solver.score([parcel], [slot], {parcel.key: "s"}, now=NOW)


def test_without_or_tools_the_plan_is_first_fit(monkeypatch):
    monkeypatch.setattr(solver, "cp_model", None)
    rng = random.Random(3)
    parcels, slots = small_instance(rng, parcels=10, slots=4)
    plan = solver.solve(parcels, slots, now=NOW)
    solver.score(parcels, slots, plan.runs, now=NOW)  # keeps the rules: score raises otherwise
    assert plan.methods["first fit"] >= 1 and set(plan.methods) <= {"first fit", "direct"}


def test_planning_again_moves_no_parcel_for_nothing():
    """Two buses reach the hub at the same minute; the honey is booked on the second. Planned
    again, it stays where it is."""
    first = solver.Slot(key="a", line_id=1, departs_at=NOW + datetime.timedelta(hours=2),
                        hub_arrival=NOW + datetime.timedelta(hours=3), stations=frozenset({1}), room_g=9_000,
                        cooler_room_g=0, carries=True)
    second = solver.Slot(key="b", line_id=2, departs_at=NOW + datetime.timedelta(hours=2),
                         hub_arrival=NOW + datetime.timedelta(hours=3), stations=frozenset({1}), room_g=9_000,
                         cooler_room_g=0, carries=True)
    honey = solver.Parcel(key="honey", station_id=1, weight_g=1_000, current="b")
    for later in (0, 17, 59):  # whenever it is planned
        now = NOW + datetime.timedelta(minutes=later, seconds=31)
        assert solver.solve([honey], [first, second], now=now).runs == {"honey": "b"}


def test_the_model_leaves_out_only_runs_no_best_plan_uses():
    rng = random.Random(5)
    parcels, slots = small_instance(rng, parcels=6, slots=6, roomy=True)
    options = solver.candidates(parcels, slots)
    pruned = solver._prune(parcels, options, NOW)
    assert sum(map(len, pruned.values())) < sum(map(len, options.values()))  # something was left out


def test_a_plans_score_is_counted_term_by_term():
    """Worked by hand: what each parcel adds to (not on time, waiting, minutes to the hub, runs added,
    parcels moved), and each rule a plan may break."""
    hour = datetime.timedelta(hours=1)

    def slot(key, arrives, room, cooler, carries):
        return solver.Slot(key=key, line_id=0, departs_at=NOW + arrives - hour, hub_arrival=NOW + arrives,
                           stations=frozenset({1}), room_g=room, cooler_room_g=cooler, carries=carries)

    a, b = slot("A", 2 * hour, 3000, 1000, True), slot("B", 5 * hour, 2500, 0, False)
    c = slot("C", hour, 9000, 0, False)
    parcels = [
        solver.Parcel(key="p1", station_id=1, weight_g=1000, cold=True, latest_hub_arrival=NOW + 3 * hour,
                      current="B"),
        solver.Parcel(key="p2", station_id=1, weight_g=1500, latest_hub_arrival=NOW + 4 * hour),  # late on B
        solver.Parcel(key="p3", station_id=1, weight_g=1000),
        solver.Parcel(key="p4", station_id=1, weight_g=500),  # waits
        solver.Parcel(key="p5", station_id=1, weight_g=500, current="A"),  # waits, taken off A
    ]
    runs = {"p1": "A", "p2": "B", "p3": "B", "p4": None, "p5": None}
    # Late: p2, p4, p5. Waiting: p4, p5. Minutes: 120 (A) + 300 + 300 (B). Added: B (A runs anyway, C
    # carries nothing of these). Moved: p1 (B to A), p5 (off A).
    assert solver.score(parcels, [a, b, c], runs, now=NOW) == (3, 2, 720, 1, 2)

    with pytest.raises(ValueError, match=r"^B overloaded$"):  # 1500 + 1000 g in 2000 g of room
        solver.score(parcels, [a, slot("B", 5 * hour, 2000, 0, False), c], runs, now=NOW)
    cold = [solver.Parcel(key=k, station_id=1, weight_g=600, cold=True) for k in ("c1", "c2")]
    with pytest.raises(ValueError, match=r"^A overloaded$"):  # 1200 g of cold goods, 1000 g of cooler
        solver.score(cold, [a], {"c1": "A", "c2": "A"}, now=NOW)
    elsewhere = solver.Parcel(key="p9", station_id=2, weight_g=100)
    with pytest.raises(ValueError, match=r"^p9 on A, which does not stop at its station$"):
        solver.score([elsewhere], [a], {"p9": "A"}, now=NOW)


def test_first_fit_keeps_the_better_of_deadline_first_and_lightest_first():
    """The fallback when CP-SAT runs out of time, worked by hand on a 2 kg early bus and a 5 kg late one."""
    hour = datetime.timedelta(hours=1)
    early = solver.Slot(key="E", line_id=0, departs_at=NOW + hour, hub_arrival=NOW + 2 * hour,
                        stations=frozenset({1}), room_g=2000, cooler_room_g=0)
    late = solver.Slot(key="L", line_id=0, departs_at=NOW + 9 * hour, hub_arrival=NOW + 10 * hour,
                       stations=frozenset({1}), room_g=5000, cooler_room_g=0)

    def parcel(key, grams, due_in):
        return solver.Parcel(key=key, station_id=1, weight_g=grams, latest_hub_arrival=NOW + due_in * hour)

    # Deadline first wins: the urgent 1.5 kg takes the early bus, the 1 kg rides the late one in time
    # (lightest first would put the 1 kg on the early bus and make the 1.5 kg late).
    assert solver.first_fit([parcel("a", 1500, 3), parcel("b", 1000, 12)], [early, late]) == {"a": "E", "b": "L"}
    # Lightest first wins: two 1 kg parcels on time on the early bus rather than one of 1.8 kg; the
    # 6 kg one fits no bus and waits.
    parcels = [parcel("a", 1800, 3), parcel("b", 1000, 4), parcel("c", 1000, 5), parcel("w", 6000, 30)]
    assert solver.first_fit(parcels, [early, late]) == {"b": "E", "c": "E", "a": "L", "w": None}
