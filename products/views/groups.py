"""Producer groups, their products, standards and photos in the officers' workspace; and the
small htmx endpoints that reload the cascading address selects."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import generic

from kbo.core.audit import recent_changes
from kbo.core.workspace import (
    ChildCreateView,
    Column,
    FormPageMixin,
    RegisterAccessMixin,
    RegisterDeleteView,
    RegisterListView,
    ScopedMixin,
)
from kbo.geography.models import District, Province, Subdistrict
from products.filters import ProducerGroupFilterSet, ProductFilterSet
from products.forms import (
    GroupForm,
    ProductForm,
    ProductPhotoForm,
    district_choices,
    postal_code_choices,
    subdistrict_choices,
)
from products.models import ProducerGroup, Product, ProductPhoto

GROUP_ADDRESS = ("subdistrict__district", "subdistrict__province")


class GroupListView(RegisterListView):
    model = ProducerGroup
    select_related = GROUP_ADDRESS
    filterset_class = ProducerGroupFilterSet
    title = _("Producer groups")
    create_url_name = "products:group_create"
    import_url_name = "products:import_groups"
    columns = (
        Column(_("name"), "name"),
        Column(_("kind"), "kind"),
        Column(_("OTOP registration number"), "otop_registration_number"),
        Column(_("village no."), "village_no"),
        Column(_("subdistrict / district"), lambda g: f"{g.subdistrict.name} / {g.subdistrict.district.name}"),
        Column(_("number of products"), "product_count"),
    )

    def get_queryset(self):
        return super().get_queryset().annotate(product_count=Count("products")).order_by("name")


class GroupDetailView(ScopedMixin, generic.DetailView):
    model = ProducerGroup
    select_related = GROUP_ADDRESS
    template_name = "products/group_detail.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "products": self.object.products.all(),
            "changes": recent_changes(self.object),
        }


class GroupFormMixin(FormPageMixin, ScopedMixin):
    model = ProducerGroup
    form_class = GroupForm


class GroupCreateView(GroupFormMixin, generic.CreateView):
    title = _("Add a producer group")
    cancel_url = reverse_lazy("products:group_list")


class GroupUpdateView(GroupFormMixin, generic.UpdateView):
    def get_title(self):
        return _("Edit %(name)s") % {"name": self.object.name}


class GroupDeleteView(RegisterDeleteView):
    model = ProducerGroup
    success_url = reverse_lazy("products:group_list")


class ProductListView(RegisterListView):
    model = Product
    select_related = ("group",)
    filterset_class = ProductFilterSet
    title = _("Products")
    columns = (
        Column(_("name"), "name"),
        Column(_("producer group"), "group.name"),
        Column(_("OTOP category"), "category"),
        Column(_("OTOP star level"), "star_level"),
        Column(_("price (baht)"), "price"),
    )


class ProductDetailView(ScopedMixin, generic.DetailView):
    model = Product
    select_related = ("group",)
    template_name = "products/product_detail.html"

    def get_context_data(self, photo_form=None, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "standards": self.object.standards.all(),
            "photos": self.object.photos.all(),
            "photo_form": photo_form or ProductPhotoForm(),
            "changes": recent_changes(self.object),
        }


class ProductPhotoAddView(ProductDetailView):
    """Stores an uploaded photo (see products.images); a refused file shows its error on the page."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = ProductPhotoForm(request.POST, request.FILES, instance=ProductPhoto(product=self.object))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(photo_form=form))
        form.save()
        messages.success(request, _("The photo was added."))
        return redirect(self.object)


class ProductPhotoDeleteView(ScopedMixin, generic.View):
    model = ProductPhoto
    http_method_names = ["post"]

    def post(self, request, pk):
        photo = get_object_or_404(self.get_queryset(), pk=pk)
        photo.delete()
        transaction.on_commit(lambda: photo.image.storage.delete(photo.image.name))
        messages.success(request, _("The photo was deleted."))
        return redirect(photo.product)


class ProductCreateView(ChildCreateView):
    model = Product
    form_class = ProductForm
    template_name = "products/product_form.html"
    parent_model, parent_field = ProducerGroup, "group"

    def get_title(self):
        return _("Add a product of %(group)s") % {"group": self.parent.name}


class ProductUpdateView(FormPageMixin, ScopedMixin, generic.UpdateView):
    model = Product
    form_class = ProductForm
    template_name = "products/product_form.html"

    def get_title(self):
        return _("Edit %(name)s") % {"name": self.object.name}


class ProductDeleteView(RegisterDeleteView):
    model = Product

    def get_success_url(self):
        return self.object.group.get_absolute_url()


class AddressOptionsView(RegisterAccessMixin, generic.View):
    """`<option>`s for one cascading address select, for the code chosen in the one above it.
    A code the user may not see (another province's, or none such) is a 404."""

    parent_model = None
    parent = ""
    choices = None  # staticmethod: (user, code) -> [(value, label)]
    resets = ()  # the selects further down, emptied out of band

    def get(self, request):
        code = request.GET.get(self.parent, "")
        if code and not self.parent_model.objects.visible_to(request.user).filter(pk=code).exists():
            raise Http404
        context = {"choices": self.choices(request.user, code), "resets": self.resets}
        return TemplateResponse(request, "products/_address_options.html", context)


class DistrictOptionsView(AddressOptionsView):
    parent_model, parent, choices = Province, "province", staticmethod(district_choices)
    resets = ("id_subdistrict", "id_postal_code")


class SubdistrictOptionsView(AddressOptionsView):
    parent_model, parent, choices = District, "district", staticmethod(subdistrict_choices)
    resets = ("id_postal_code",)


class PostalCodeOptionsView(AddressOptionsView):
    parent_model, parent, choices = Subdistrict, "subdistrict", staticmethod(postal_code_choices)


urlpatterns = [
    path("groups/", GroupListView.as_view(), name="group_list"),
    path("groups/add/", GroupCreateView.as_view(), name="group_create"),
    path("groups/<int:pk>/", GroupDetailView.as_view(), name="group_detail"),
    path("groups/<int:pk>/edit/", GroupUpdateView.as_view(), name="group_update"),
    path("groups/<int:pk>/delete/", GroupDeleteView.as_view(), name="group_delete"),
    path("groups/<int:group_pk>/products/add/", ProductCreateView.as_view(), name="product_create"),
    path("products/", ProductListView.as_view(), name="product_list"),
    path("products/<int:pk>/", ProductDetailView.as_view(), name="product_detail"),
    path("products/<int:pk>/edit/", ProductUpdateView.as_view(), name="product_update"),
    path("products/<int:pk>/delete/", ProductDeleteView.as_view(), name="product_delete"),
    path("products/<int:pk>/photos/add/", ProductPhotoAddView.as_view(), name="product_photo_add"),
    path("photos/<int:pk>/delete/", ProductPhotoDeleteView.as_view(), name="product_photo_delete"),
    path("address/districts/", DistrictOptionsView.as_view(), name="address_districts"),
    path("address/subdistricts/", SubdistrictOptionsView.as_view(), name="address_subdistricts"),
    path("address/postal-codes/", PostalCodeOptionsView.as_view(), name="address_postal_codes"),
]
