from django.urls import path

from kbo.core.history import HistoryView
from networks import views

app_name = "networks"
urlpatterns = [
    path("networks/", views.NetworkListView.as_view(), name="network_list"),
    path("networks/add/", views.NetworkCreateView.as_view(), name="network_create"),
    path("networks/<int:pk>/", views.NetworkDetailView.as_view(), name="network_detail"),
    path("networks/<int:pk>/edit/", views.NetworkUpdateView.as_view(), name="network_update"),
    path("networks/<int:network_pk>/partners/add/", views.PartnerCreateView.as_view(), name="partner_create"),
    path("partners/", views.PartnerListView.as_view(), name="partner_list"),
    path("partners/<int:pk>/edit/", views.PartnerUpdateView.as_view(), name="partner_update"),
    path("partners/<int:pk>/delete/", views.PartnerDeleteView.as_view(), name="partner_delete"),
    path("committees/", views.CommitteeListView.as_view(), name="committee_list"),
    path("committees/add/", views.CommitteeCreateView.as_view(), name="committee_create"),
    path("committees/<int:pk>/", views.CommitteeDetailView.as_view(), name="committee_detail"),
    path("committees/<int:pk>/edit/", views.CommitteeUpdateView.as_view(), name="committee_update"),
    path("committees/<int:pk>/copy/", views.CommitteeCopyView.as_view(), name="committee_copy"),
    path("committees/<int:pk>/members.xlsx", views.CommitteeMembersXlsxView.as_view(), name="committee_members_xlsx"),
    path("committees/<int:committee_pk>/members/add/", views.MemberCreateView.as_view(), name="member_create"),
    path("members/<int:pk>/edit/", views.MemberUpdateView.as_view(), name="member_update"),
    path("members/<int:pk>/delete/", views.MemberDeleteView.as_view(), name="member_delete"),
    path("history/", HistoryView.as_view(), name="history"),  # the whole register's, products included
]
