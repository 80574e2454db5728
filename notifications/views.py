from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .forms import PreferencesForm


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """The signed-in user's choice of reminders; linked from every email."""
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect(request.path + "?saved=1")
    return render(request, "notifications/preferences.html", {"form": form, "saved": "saved" in request.GET})
