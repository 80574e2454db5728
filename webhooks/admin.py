"""Staff's view of webhooks: subscriptions (the secret shown once, a test event, a new secret), and every delivery
with its attempts and a "redeliver" action."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.status import badge

from . import services
from .forms import WebhookSubscriptionForm
from .models import WebhookAttempt, WebhookDelivery, WebhookEvent, WebhookSubscription


class FailingFilter(admin.SimpleListFilter):
    title = _("disabled after failures")
    parameter_name = "failing"

    def lookups(self, request, model_admin):
        return [("yes", _("yes"))]

    def queryset(self, request, queryset):
        return queryset.failing() if self.value() == "yes" else queryset


def show_secret_once(modeladmin, request, subscription):
    modeladmin.message_user(
        request,
        _("The signing secret of “%(name)s” is %(secret)s — copy it to the partner now: it is not shown again.")
        % {"name": subscription, "secret": subscription.secret},
        messages.WARNING,
    )


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin):
    form = WebhookSubscriptionForm
    change_form_template = "admin/webhooks/webhooksubscription/change_form.html"
    list_display = ["name", "owner", "url", "is_active", "consecutive_failures", "delivered", "failed"]
    list_filter = ["is_active", FailingFilter]
    list_select_related = ["owner"]
    search_fields = ["name", "url", "owner__username"]
    autocomplete_fields = ["owner"]
    readonly_fields = ["consecutive_failures", "disabled_at", "created", "updated"]
    actions = ["send_test_events"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                delivered_count=Count("deliveries", filter=Q(deliveries__status="delivered")),
                failed_count=Count("deliveries", filter=Q(deliveries__status="failed")),
            )
        )

    @admin.display(description=_("delivered"), ordering="delivered_count")
    def delivered(self, subscription):
        return subscription.delivered_count

    @admin.display(description=_("failed"), ordering="failed_count")
    def failed(self, subscription):
        return subscription.failed_count

    def response_add(self, request, obj, post_url_continue=None):
        show_secret_once(self, request, obj)
        return super().response_add(request, obj, post_url_continue)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id and {"_send_test", "_new_secret"} & set(request.POST):
            subscription = self.get_object(request, object_id)
            if subscription is None or not self.has_change_permission(request, subscription):
                return HttpResponseRedirect("../")
            if "_send_test" in request.POST:
                self.send_test_events(request, WebhookSubscription.objects.filter(pk=subscription.pk))
            else:
                subscription.regenerate_secret()
                show_secret_once(self, request, subscription)
            return HttpResponseRedirect(request.path)
        return super().changeform_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Send a test event"), permissions=["change"])
    def send_test_events(self, request, queryset):
        for subscription in queryset:
            services.send_test_event(subscription)
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "A test event was queued for %(count)d subscription.",
                "Test events were queued for %(count)d subscriptions.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class WebhookAttemptInline(admin.TabularInline):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    fields = ["number", "started_at", "status_code", "duration_ms", "response_excerpt", "error"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "event_id_column",
        "event_type",
        "subscription",
        "status_badge",
        "attempts",
        "next_attempt_at",
        "delivered_at",
    ]
    list_filter = ["status", "event__type", "subscription"]
    list_select_related = ["event", "subscription"]
    search_fields = ["event__uuid", "subscription__name", "last_error"]
    date_hierarchy = "created"
    fields = [
        "event",
        "subscription",
        "status",
        "attempts",
        "last_attempt_at",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "delivered_at",
        "created",
        "body",
    ]
    readonly_fields = fields
    inlines = [WebhookAttemptInline]
    actions = ["redeliver"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("event id"), ordering="event__uuid")
    def event_id_column(self, delivery):
        return delivery.event.webhook_id

    @admin.display(description=_("event"), ordering="event__type")
    def event_type(self, delivery):
        return delivery.event.type

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, delivery):
        return badge(delivery.status, delivery.get_status_display())

    @admin.action(description=_("Redeliver (same event id, attempts start again)"), permissions=["change"])
    def redeliver(self, request, queryset):
        for delivery in queryset:
            services.redeliver(delivery)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%(count)d delivery queued again.", "%(count)d deliveries queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(WebhookEvent)
class WebhookEventAdmin(admin.ModelAdmin):
    list_display = ["webhook_id", "type", "object_model", "object_id", "occurred_at", "fanned_out"]
    list_filter = ["type"]
    search_fields = ["uuid", "object_model"]
    readonly_fields = ["uuid", "type", "object_model", "object_id", "occurred_at", "fanned_out"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
