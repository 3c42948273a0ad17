"""A backup is proven by restoring it: pg_dump of the live database, pg_restore into a new one, and
`verify_restore` against the fingerprint taken with the dump — equal to the fen, and a restored
copy that lost or changed an entry is caught."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from catalog.supply import record_supply
from tests.factories import ADDR, place_order
from tests.helpers import deliver

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_the_live_database_passes_its_own_check_and_a_broken_rule_is_named(county):
    from households.models import IncomeEntry
    from settlement.restore_check import fingerprint, verify

    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=5,
                  unit_price="68")
    deliver(place_order(county.buyer, [(county.honey, 2)], address=ADDR))
    taken = fingerprint()
    assert verify(taken) == []
    with connection.cursor() as cursor:  # as a damaged copy would hold it (the ledger refuses edits itself)
        cursor.execute(f"UPDATE {IncomeEntry._meta.db_table} SET amount = 1 WHERE source = 'ecommerce'")
    assert any("households" in problem and "136" in problem for problem in verify(taken))


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore: PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_dump_restored_into_a_new_database_is_proven_and_a_damaged_one_is_caught(county, tmp_path):
    record_supply(recorded_by=county.coordinator, household=county.yu, product=county.honey, quantity=5,
                  unit_price="68")
    record_supply(recorded_by=county.coordinator, household=county.bao, product=county.chicken, quantity=5,
                  unit_price="120")
    deliver(place_order(county.buyer, [(county.honey, 2), (county.chicken, 1)], address=ADDR))
    out = io.StringIO()
    call_command("ledger_fingerprint", stdout=out)
    (tmp_path / "fingerprint.json").write_text(out.getvalue())
    assert json.loads(out.getvalue())["households"]

    db = connection.settings_dict
    pg = {"PGHOST": db["HOST"] or "127.0.0.1", "PGPORT": str(db["PORT"] or 5432), "PGUSER": db["USER"] or "postgres"}
    env = {**os.environ, **pg}
    restored = f"{db['NAME']}_restored"
    dump = tmp_path / "linkou.dump"
    subprocess.run(["pg_dump", "-Fc", "-d", db["NAME"], "-f", str(dump)], env=env, check=True)
    subprocess.run(["dropdb", "--if-exists", "--force", restored], env=env, check=True)
    subprocess.run(["createdb", "-T", "template0", "-E", "UTF8", restored], env=env, check=True)
    try:
        subprocess.run(["pg_restore", "--no-owner", "-d", restored, str(dump)], env=env, check=True)
        check_env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        check_env.update(DEBUG="1", DATABASE_URL=f"postgres://{pg['PGUSER']}@{pg['PGHOST']}:{pg['PGPORT']}/{restored}",
                         DJANGO_SETTINGS_MODULE="config.settings", VAR_DIR=str(tmp_path))

        def verify():
            return subprocess.run([sys.executable, "manage.py", "verify_restore", "--expect",
                                   str(tmp_path / "fingerprint.json")], cwd=ROOT, env=check_env, capture_output=True,
                                  text=True, timeout=120)

        good = verify()
        assert good.returncode == 0, good.stdout + good.stderr
        assert "matches the fingerprint" in good.stdout
        subprocess.run(["psql", "-q", "-d", restored, "-c",
                        "UPDATE households_incomeentry SET amount = amount - 1 "
                        "WHERE id = (SELECT max(id) FROM households_incomeentry)"], env=env, check=True)
        damaged = verify()
        assert damaged.returncode != 0 and "households" in damaged.stdout
    finally:
        subprocess.run(["dropdb", "--if-exists", "--force", restored], env=env, check=False)
