"""Benchmark: the search at 100,000 searchable records on PostgreSQL (target: answers in under 300 ms).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cica_search_bench .venv/bin/python bench/search.py

It works in its own database (created if missing, migrated; the name comes from DATABASE_URL, default
cica_search_bench), fills it once with records of every searchable kind in English and Russian (bulk inserts, then
`search.indexing.rebuild`, timed: that is the backfill), and then times what a search request costs the database,
through the same code as the page and the API: the permission rule, the FilterSet, the count, one page of 20 hits and
their snippets. It prints p50 / p95 / max per query and role. Run it again to time again (`--fresh` rebuilds the data).
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cica_portal.settings")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cica_search_bench")

ENGLISH = (  # noqa: SIM905 - the words read better as text
    "measure measures confidence building security cooperation border water energy trade transport seminar "
    "workshop report implementation dimension economic military political humanitarian environmental terrorism "
    "drugs cyber information technology disaster management agriculture tourism investment connectivity youth "
    "culture education health pandemic migration maritime safety desertification resources pipeline grid customs "
    "logistics railway corridor satellite monitoring exchange experts training exercise observation notification "
    "member states secretariat chair committee officials ministers summit decision recommendation agenda session"
).split()
RUSSIAN = (  # noqa: SIM905
    "мера меры мерами мер доверия безопасность сотрудничество граница водные ресурсы энергетика торговля транспорт "
    "семинар практикум доклад осуществление измерение экономическое военно-политическое гуманитарное экологическое "
    "терроризм наркотики информационные технологии бедствия сельское хозяйство туризм инвестиции молодежь культура "
    "образование здравоохранение пандемия миграция морская опасность опустынивание трубопровод таможня логистика "
    "железная дорога коридор спутниковый мониторинг обмен экспертами учения государства-члены секретариат "
    "председатель комитет старших должностных лиц министры саммит решение рекомендация повестка сессия"
).split()

QUERIES = [
    ("common word", "security"),
    ("word form", "measure"),
    ("two words", "water cooperation"),
    ("quoted phrase", '"border security"'),
    ("exclusion", "energy -pipeline"),
    ("russian word form", "мерами"),
    ("russian phrase", '"водные ресурсы"'),
    ("rare word", "satellite"),
    ("no match", "zzyzzx"),
]
FILTERED = [
    ("common word, type=decision", {"q": "security", "type": "decision"}),
    ("country=KZ", {"q": "trade", "country": "KZ"}),
]


def ensure_database():
    import psycopg2
    from django.conf import settings

    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    connection = psycopg2.connect(
        dbname="postgres", user=db["USER"], password=db["PASSWORD"] or None, host=db["HOST"], port=db["PORT"] or 5432
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
    connection.close()


def text(rng, words, n):
    # Zipf-like: the first words of the list are common, the last ones rare.
    weights = [1 / (i + 1) for i in range(len(words))]
    return " ".join(rng.choices(words, weights, k=n)).capitalize() + "."


def generate(records, rng):
    """About `records` records of every searchable kind, inserted in bulk (no signals), then indexed."""
    import datetime

    from django.utils import timezone

    from chairmanship.models import Country
    from measures.models import ActionPlan, Activity, Coordination, Dimension, ImplementationReport, Measure
    from relations.models import Agreement, PartnerOrganization
    from search.models import FileStatus, FileText
    from secretariat.models import AgendaItem, Decision, Document, DocumentLanguageVersion, Meeting, MeetingBody

    now = timezone.now()
    scale = records / 100_000
    n = {
        k: max(1, int(v * scale))
        for k, v in {
            "measures": 500,
            "activities": 10_000,
            "reports": 20_000,
            "meetings": 1_000,
            "items": 10,
            "decisions": 30,
            "documents": 27,
            "partners": 100,
            "agreements": 400,
        }.items()
    }

    def text_in(words, k):
        return text(rng, RUSSIAN if rng.random() < 0.3 else ENGLISH, k) if words is None else text(rng, words, k)

    countries = [
        Country(
            iso2=f"{a}{b}",
            name=f"State {a}{b}",
            name_ru=f"Государство {a}{b}",
            cica_status="member",
            subregion="central_asia",
        )
        for a in "KLM"
        for b in "ABCDEFGHIJ"
    ]
    countries[0].iso2 = "KZ"
    Country.objects.bulk_create(countries)
    countries = list(Country.objects.all())
    dimension = Dimension.objects.create(code="economic", name="Economic dimension", name_ru="Экономическое измерение")
    measures = Measure.objects.bulk_create(
        Measure(
            dimension=dimension,
            code=f"m{i}",
            title=f"{text(rng, ENGLISH, 4)} {i}",
            title_ru=text(rng, RUSSIAN, 4),
            description=text(rng, ENGLISH, 60),
            status="adopted",
        )
        for i in range(n["measures"])
    )
    Coordination.objects.bulk_create(
        Coordination(measure=m, country=countries[i % len(countries)], role="coordinator")
        for i, m in enumerate(measures)
    )
    plans = ActionPlan.objects.bulk_create(
        ActionPlan(
            measure=m,
            title=text(rng, ENGLISH, 5),
            period_start=datetime.date(2021, 1, 1),
            period_end=datetime.date(2022, 12, 31),
            status="approved",
            approved_on=datetime.date(2020, 12, 1),
        )
        for m in measures
    )
    Activity.objects.bulk_create(
        Activity(
            action_plan=plans[i % len(plans)],
            title=text_in(None, 6),
            description=text_in(None, 50),
            start_on=datetime.date(2021, 1, 1) + datetime.timedelta(days=i % 700),
            status="planned",
        )
        for i in range(n["activities"])
    )
    ImplementationReport.objects.bulk_create(
        ImplementationReport(
            measure=measures[i % len(measures)],
            country=countries[i % len(measures) % len(countries)],
            period_start=datetime.date(2000 + i // len(measures) // 12, 1 + i // len(measures) % 12, 1),
            period_end=datetime.date(2000 + i // len(measures) // 12, 1 + i // len(measures) % 12, 28),
            narrative=text_in(None, 120),
            status=(status := rng.choice(["draft", "submitted", "accepted"])),
            submitted_at=None if status == "draft" else now,
        )
        for i in range(n["reports"])
    )
    bodies = MeetingBody.objects.bulk_create(
        MeetingBody(code=code, name=f"{code} body", name_ru=f"Орган {code}", level=level)
        for level, code in enumerate(["SWG", "CSO", "CFM", "SUMMIT"], start=1)
    )
    meetings = Meeting.objects.bulk_create(
        Meeting(
            body=bodies[i % 4],
            number=i // 4 + 1,
            start_on=datetime.date(1999, 1, 1) + datetime.timedelta(days=9 * i),
            end_on=datetime.date(1999, 1, 2) + datetime.timedelta(days=9 * i),
            venue="Astana",
            host_country=countries[i % len(countries)],
            outcome=text_in(None, 40),
        )
        for i in range(n["meetings"])
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=m, number=k + 1, title=text_in(None, 6), description=text_in(None, 20))
        for m in meetings
        for k in range(n["items"])
    )
    Decision.objects.bulk_create(
        Decision(
            meeting=m,
            number=k + 1,
            title=text_in(None, 7),
            text=text_in(None, 45),
            responsible_party="member_state",
            responsible_country=countries[(k + m.pk) % len(countries)],
        )
        for m in meetings
        for k in range(n["decisions"])
    )
    documents = Document.objects.bulk_create(
        Document(
            meeting=m,
            symbol=f"CICA/{m.body.code}/{m.start_on.year}/{m.number}-{k + 1}",
            title=text_in(None, 6),
            issued_on=m.start_on,
            distribution=rng.choice(["public", "member_states", "restricted"]),
        )
        for m in meetings
        for k in range(n["documents"])
    )
    versions = DocumentLanguageVersion.objects.bulk_create(
        DocumentLanguageVersion(document=d, language="ru" if i % 3 == 0 else "en", file=f"bench/{i}.pdf")
        for i, d in enumerate(documents)
    )
    FileText.objects.bulk_create(
        FileText(
            model="secretariat.documentlanguageversion",
            object_id=v.pk,
            file_name=v.file.name,
            status=FileStatus.EXTRACTED,
            text=text(rng, RUSSIAN if v.language == "ru" else ENGLISH, 3000 if i % 50 == 0 else 300),
        )
        for i, v in enumerate(versions)
    )
    partners = PartnerOrganization.objects.bulk_create(
        PartnerOrganization(acronym=f"ORG{i}", name=text(rng, ENGLISH, 3), kind="regional")
        for i in range(n["partners"])
    )
    Agreement.objects.bulk_create(
        Agreement(
            partner=partners[i % len(partners)],
            title=f"{text(rng, ENGLISH, 5)} {i}",
            status="in_force",
            note=text(rng, ENGLISH, 20),
        )
        for i in range(n["agreements"])
    )


def timed(run, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15, help="times each query is run (after one warm-up)")
    parser.add_argument("--fresh", action="store_true", help="drop the generated data and make it again")
    args = parser.parse_args()

    import django

    django.setup()
    ensure_database()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)

    from accounts.models import User
    from chairmanship.models import Country
    from core.permissions import VIEW, restrict
    from search import indexing
    from search.filters import SearchEntryFilterSet
    from search.models import SearchEntry, attach_snippets

    if args.fresh or SearchEntry.objects.count() < args.records * 0.9:
        print(f"generating about {args.records:,} records ...", flush=True)
        call_command("flush", interactive=False, verbosity=0)
        started = time.perf_counter()
        generate(args.records, random.Random(14))
        print(f"  inserted in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        counts = indexing.rebuild()
        print(f"  indexed {sum(counts.values()):,} entries in {time.perf_counter() - started:.0f} s (the backfill)")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    staff, _ = User.objects.get_or_create(username="bench-staff", defaults={"role": "secretariat", "is_staff": True})
    coordinator, _ = User.objects.get_or_create(
        username="bench-coordinator", defaults={"role": "coordinator", "country": Country.objects.get(iso2="KZ")}
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(DISTINCT (kind, object_id)), count(*) FROM search_searchentry")
        records, entries = cursor.fetchone()
    print(f"{records:,} searchable records, {entries:,} entries; PostgreSQL {connection.pg_version // 10000}")

    def search(user, params):
        queryset = restrict(SearchEntry.objects.all(), user, VIEW).for_listing()
        filterset = SearchEntryFilterSet(params, queryset=queryset)
        assert filterset.is_valid(), filterset.errors
        results = filterset.qs
        total = results.count()
        attach_snippets(results[:20], params["q"])
        return total

    everything = []
    print(f"{'query':34} {'role':12} {'hits':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, params in [(label, {"q": q}) for label, q in QUERIES] + FILTERED:
        for role, user in (("staff", staff), ("coordinator", coordinator)):
            hits = search(user, params)  # warm-up
            times = sorted(timed(lambda user=user, params=params: search(user, params), args.repeat))
            everything += times
            p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
            print(f"{label:34} {role:12} {hits:7,} {statistics.median(times):8.1f} {p95:8.1f} {times[-1]:8.1f}")
    everything.sort()
    p95 = everything[min(len(everything) - 1, int(len(everything) * 0.95))]
    print(f"{'all queries':34} {'':12} {'':7} {statistics.median(everything):8.1f} {p95:8.1f} {everything[-1]:8.1f}")


if __name__ == "__main__":
    main()
