"""Print every registered workflow as Markdown tables (the ones in docs/WORKFLOWS.md), or write them there."""

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.workflows import WORKFLOWS

START, END = "<!-- workflows:start -->", "<!-- workflows:end -->"


def first_sentence(function):
    doc = (getattr(function, "__doc__", None) or "").strip()
    return doc.split("\n")[0].rstrip(".") if doc else ""


def describe(workflow):
    model = workflow.model
    initial = ", ".join(workflow.label(state) for state in workflow.initial)
    lines = [
        f"**{str(model._meta.verbose_name).capitalize()}** (`{model._meta.label}`, starts {initial})",
        "",
        "| step | from | to | who | needs | records / then |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for t in workflow.transitions:
        effects = "; ".join(filter(None, (first_sentence(t.apply), first_sentence(t.after))))
        lines.append(
            f"| {t.label} | {', '.join(workflow.label(s) for s in t.source)} | {workflow.label(t.target)} "
            f"| {first_sentence(t.allowed)} | {first_sentence(t.check)} | {effects} |"
        )
    return "\n".join(lines)


def markdown():
    workflows = sorted(WORKFLOWS.values(), key=lambda w: w.model._meta.label)
    return "\n\n".join(describe(workflow) for workflow in workflows)


class Command(BaseCommand):
    help = "Print the declared workflows as Markdown tables; --write PATH replaces them between the markers there."

    def add_arguments(self, parser):
        parser.add_argument("--write", metavar="PATH", help="A Markdown file with the workflows:start/end markers.")

    def handle(self, *args, write=None, **options):
        tables = markdown()
        if not write:
            self.stdout.write(tables)
            return
        path = Path(write)
        text = path.read_text(encoding="utf-8")
        if START not in text or END not in text:
            raise CommandError(f"{path} has no {START} ... {END} markers.")
        pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
        path.write_text(pattern.sub(lambda _: f"{START}\n{tables}\n{END}", text), encoding="utf-8")
        self.stdout.write(f"Wrote {len(WORKFLOWS)} workflows to {path}.")
