"""Render an admin changelist in a notebook, as a logged-in superuser would see it."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory


def changelist(model, admin_class=None):
    """A function rendering the model's changelist page (page=1 by default).

    Without admin_class it is the project's own admin; with one (e.g. Django's own
    admin.ModelAdmin) the model is shown by that class on a throwaway admin site.
    """
    if admin_class is None:
        model_admin = admin.site._registry[model]
    else:
        model_admin = admin_class(model, admin.AdminSite(name=f"{admin_class.__name__}_site"))
    superuser = get_user_model().objects.filter(is_superuser=True).first()
    path = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"

    def render(page=1):
        request = RequestFactory().get(path, {"p": page} if page > 1 else {})
        request.user = superuser
        response = model_admin.changelist_view(request)
        response.render()
        return response

    return render
