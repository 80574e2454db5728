"""The admin site of the Secretariat: its index shows the work first, grouped as staff think of it (meetings and
decisions, the Catalogue, reports, the chairmanship, partners, people), and the plumbing (API tokens, second-factor
devices, sign-in lockouts, schedules, search entries, jobs, deliveries ...) under one "System" group at the end.

The groups name models by label; a model no work group names is System, so a new technical table never crowds the
work. An app's own page (/admin/<app>/) still lists that app as Django does.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

WORK_GROUPS = [
    (
        "meetings",
        _("Meetings and decisions"),
        [
            "secretariat.Meeting",
            "secretariat.Decision",
            "secretariat.AgendaItem",
            "secretariat.Document",
            "secretariat.DocumentLanguageVersion",
            "secretariat.MeetingBody",
            "speakers.SpeakersList",
            "speakers.Inscription",
            "speakers.Statement",
        ],
    ),
    (
        "catalogue",
        _("Catalogue of confidence building measures"),
        ["measures.Measure", "measures.Dimension", "measures.Coordination", "measures.ActionPlan", "measures.Activity"],
    ),
    (
        "reports",
        _("Implementation reports"),
        ["measures.ImplementationReport", "measures.ReportAttachment"],
    ),
    (
        "chairmanship",
        _("Chairmanship and member states"),
        [
            "chairmanship.Chairmanship",
            "chairmanship.Priority",
            "chairmanship.Initiative",
            "chairmanship.Country",
            "chairmanship.LegalInstrument",
            "chairmanship.Amendment",
            "chairmanship.SustainableDevelopmentGoal",
        ],
    ),
    (
        "partners",
        _("Partners"),
        ["relations.PartnerOrganization", "relations.Agreement", "relations.JointActivity", "relations.Contact"],
    ),
    (
        "people",
        _("People and contributions"),
        ["accounts.User", "secretariat.StaffMember", "secretariat.StaffPosition", "secretariat.Contribution"],
    ),
]
SYSTEM = ("system", _("System"))


class SecretariatAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        if app_label is not None:
            return super().get_app_list(request, app_label)
        apps = self._build_app_dict(request)
        entries = {}  # "app_label.ObjectName" -> (its app's entry, the model's entry)
        for app in apps.values():
            for model in app["models"]:
                entries[f"{app['app_label']}.{model['object_name']}"] = (app, model)
        groups = []
        for key, name, labels in WORK_GROUPS:
            models = [entries.pop(label)[1] for label in labels if label in entries]
            if models:
                groups.append(self._group(key, name, models))
        system = []
        for app, model in entries.values():
            # Named with their app ("Axes: access attempts"): out of their app, "clocked" or "intervals" say nothing.
            system.append({**model, "name": f"{capfirst(str(app['name']))}: {model['name']}"})
        if system:
            groups.append(self._group(*SYSTEM, sorted(system, key=lambda model: str(model["name"]).lower())))
        return groups

    @staticmethod
    def _group(key, name, models):
        first = next((model for model in models if model.get("admin_url")), models[0])
        return {
            "name": name,
            "app_label": key,
            "app_url": first.get("admin_url") or "",
            "has_module_perms": True,
            "models": models,
        }


class SecretariatAdminConfig(AdminConfig):
    default_site = "cica_portal.admin_site.SecretariatAdminSite"
