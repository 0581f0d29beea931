"""The benchmark's floor: what the cheapest possible pages cost on the same stack (`make bench`).

Only in benchmark mode (`BENCHMARK=1`): `kbo/urls.py` then serves these views under `/bench/` and
`kbo/settings.py` inserts `QueryCountMiddleware`. The views go through every middleware the real
pages go through, so a real page's cost above the floor is the cost of its own work.

- `constant`: a tiny response, no template, no session, no query — the stack alone.
- `page`: a login-required page shaped like the committee member's scoring form
  (`templates/contests/score_entry.html`): base.html with its navigation, eight criteria with a
  description, a large input and quick picks each, the advice box and the total — built from
  constants, so its only queries are the session's and the user's.
- `query`: one indexed query (a province by its primary key) answered as JSON.
"""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path

from kbo.geography.models import Province

# Eight criteria as a provincial rubric has them: (name, description, maximum points).
CRITERIA = (
    ("ความแปลกใหม่ของนวัตกรรม", "มีการพัฒนาวัตถุดิบ กระบวนการผลิต หรือรูปแบบผลิตภัณฑ์ด้วยความรู้ใหม่", 15),
    ("การใช้องค์ความรู้จากภาคีเครือข่าย", "นำความรู้จากสถาบันการศึกษาหรือภาคีเครือข่ายมาใช้พัฒนาผลิตภัณฑ์", 15),
    ("อัตลักษณ์ท้องถิ่น", "ผลิตภัณฑ์สะท้อนภูมิปัญญา วัฒนธรรม และเรื่องราวของชุมชนอย่างเด่นชัด", 15),
    ("คุณภาพและมาตรฐาน", "คุณภาพสม่ำเสมอ ได้รับหรือพร้อมยื่นขอมาตรฐาน เช่น มผช. หรือ อย.", 15),
    ("บรรจุภัณฑ์และตราสินค้า", "บรรจุภัณฑ์ปกป้องสินค้า สวยงาม ให้ข้อมูลครบถ้วน และเหมาะกับตลาด", 10),
    ("ศักยภาพทางการตลาด", "มีช่องทางจำหน่ายและกลุ่มลูกค้าชัดเจน ต่อยอดสู่ตลาดใหม่ได้", 10),
    ("ความยั่งยืนและสิ่งแวดล้อม", "ใช้วัตถุดิบในท้องถิ่นอย่างยั่งยืน และลดผลกระทบต่อสิ่งแวดล้อม", 10),
    ("การมีส่วนร่วมของสมาชิกกลุ่ม", "สมาชิกกลุ่มมีส่วนร่วมในการผลิต การบริหาร และการแบ่งปันรายได้", 10),
)
QUERY_PROVINCE = "34"  # Ubon Ratchathani, by primary key
# Quick picks from half to full marks in tenths, rounded down to half points (as the real form).
PICK_PERCENTS = (50, 60, 70, 80, 90, 100)


def half_points(max_points, percent):
    """`max_points × percent %` rounded down to half points, as text: (15, 70) → "10.5"."""
    halves = max_points * percent * 2 // 100
    return f"{halves // 2}" if halves % 2 == 0 else f"{halves // 2}.5"


def scoring_rows():
    """One row per criterion, with the value a member has typed half-way through scoring."""
    return [
        {
            "name": f"criterion_{number}", "label": label, "description": description, "max": str(max_points),
            "value": str(max_points - 2), "picks": [half_points(max_points, percent) for percent in PICK_PERCENTS],
        }
        for number, (label, description, max_points) in enumerate(CRITERIA, start=1)
    ]


FORM_CONTEXT = {
    "entry": "ผ้าไหมมัดหมี่ลายโบราณ — กลุ่มทอผ้าไหมบ้านโนนสว่าง",
    "group": "กลุ่มทอผ้าไหมบ้านโนนสว่าง",
    "position": 7,
    "count": 20,
    "rows": scoring_rows(),
    "total": str(sum(max_points - 2 for _, _, max_points in CRITERIA)),
    "max_total": str(sum(max_points for _, _, max_points in CRITERIA)),
    "advice": "ควรเล่าเรื่องภูมิปัญญาและอัตลักษณ์ของชุมชนบนบรรจุภัณฑ์",
}


def constant(request):
    return HttpResponse(b"ok", content_type="text/plain")


@login_required
def page(request):
    return render(request, "bench/floor_form.html", FORM_CONTEXT)


def query(request):
    province = get_object_or_404(Province, pk=QUERY_PROVINCE)
    return JsonResponse({"code": province.code, "name_th": province.name_th, "name_en": province.name_en})


app_name = "bench"
urlpatterns = [
    path("floor/constant/", constant, name="constant"),
    path("floor/page/", page, name="page"),
    path("floor/query/", query, name="query"),
]


class QueryCountMiddleware:
    """Counts the SQL queries a request runs, middleware included, into the `X-Queries` header.

    `connection.queries` needs DEBUG, which is off under gunicorn; an execute wrapper counts with
    DEBUG off and adds one function call per query. Put it first (after SecurityMiddleware) so
    the session's and the user's queries are counted too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counted(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            response = self.get_response(request)
        response["X-Queries"] = str(count)
        return response
