"""Demo data: Ubon Ratchathani's KBO network and FY 2565 programme, Chachoengsao's FY 2564 entry,
and one login per role.

Everything is keyed on natural keys (province, network + fiscal year, committee + seat, OTOP
registration number, ...), so running `seed_demo()` again updates the same rows instead of adding
new ones. All people, groups and firms are fictional except the public bodies, the contractor and
the Chachoengsao group named in the news reports.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from kbo.accounts.models import User
from kbo.geography.models import Province, Subdistrict
from networks.enums import CommitteeRole, NetworkStatus, PartnerKind, Sector
from networks.models import Committee, CommitteeMember, KnowledgePartner, Network
from products.enums import Category, GroupKind, ProcurementMethod, StandardKind
from products.models import Cohort, Enrollment, ProducerGroup, Product, ProductStandard, Trainee

DEMO_PASSWORD = "kbo-demo-2565"

UBON, CHACHOENGSAO = "34", "24"

# Sectors and committee roles, abbreviated for the member tables.
GOV, PRI, CIV, PEO, ORG = (
    Sector.GOVERNMENT, Sector.PRIVATE, Sector.CIVIL_SOCIETY, Sector.PEOPLE, Sector.PROVINCIAL_ORGANISATION,
)
CHAIR, VICE, MEMBER, SECRETARY = (
    CommitteeRole.CHAIR, CommitteeRole.VICE_CHAIR, CommitteeRole.MEMBER, CommitteeRole.SECRETARY,
)
FOOD, BEVERAGE, TEXTILE, UTILITY, HERBAL = (
    Category.FOOD, Category.BEVERAGE, Category.TEXTILE, Category.UTILITY, Category.HERBAL,
)

# Networks: province -> fields.
NETWORKS = {
    UBON: {
        "name": "เครือข่ายองค์ความรู้ KBO จังหวัดอุบลราชธานี",
        "registered_on": date(2006, 6, 15),
        "status": NetworkStatus.ACTIVE,
        "contact_name": "นางสาววิภาวรรณ ศรีสุวรรณ",
        "phone": "045-244123",
        "email": "kbo.ubon@example.org",
        "address": "สำนักงานพัฒนาชุมชนจังหวัดอุบลราชธานี ศาลากลางจังหวัดอุบลราชธานี "
        "อำเภอเมืองอุบลราชธานี จังหวัดอุบลราชธานี 34000",
    },
    CHACHOENGSAO: {
        "name": "เครือข่ายองค์ความรู้ KBO จังหวัดฉะเชิงเทรา",
        "registered_on": date(2006, 7, 3),
        "status": NetworkStatus.ACTIVE,
        "contact_name": "นางจันทร์เพ็ญ วงศ์สวัสดิ์",
        "phone": "038-511234",
        "email": "kbo.chachoengsao@example.org",
        "address": "สำนักงานพัฒนาชุมชนจังหวัดฉะเชิงเทรา ศาลากลางจังหวัดฉะเชิงเทรา "
        "อำเภอเมืองฉะเชิงเทรา จังหวัดฉะเชิงเทรา 24000",
    },
}

# Knowledge partners: (province, name, kind, expertise, contact, phone).
PARTNERS = (
    (UBON, "มหาวิทยาลัยราชภัฏอุบลราชธานี", PartnerKind.EDUCATION,
     "การออกแบบบรรจุภัณฑ์ ตราสินค้า และการพัฒนาผลิตภัณฑ์ชุมชน", "ดร.สุนันทา แก้วประเสริฐ", "045-352000"),
    (UBON, "วิทยาลัยเทคนิคอุบลราชธานี", PartnerKind.TECHNICAL,
     "เครื่องมือ เทคนิคการผลิต และการออกแบบแม่พิมพ์", "นายวิชัย พรหมวงศ์", "045-254321"),
    (UBON, "บริษัท อุบลดีไซน์ สตูดิโอ จำกัด", PartnerKind.PRIVATE,
     "การตลาดออนไลน์ การถ่ายภาพสินค้า และการเล่าเรื่องอัตลักษณ์", "นายภาณุพงศ์ ไชยมงคล", "081-765-4321"),
    (UBON, "สมาคมผ้าไหมพื้นเมืองอุบลราชธานี", PartnerKind.CIVIL_SOCIETY,
     "ลายผ้าโบราณ การย้อมสีธรรมชาติ และการอนุรักษ์ผ้ากาบบัว", "นางบัวผัน ศรีสุข", "089-234-5678"),
    (CHACHOENGSAO, "มหาวิทยาลัยราชภัฏราชนครินทร์", PartnerKind.EDUCATION,
     "การพัฒนาผลิตภัณฑ์สมุนไพรและมาตรฐานการผลิต", "ดร.ปิยะนุช เรืองศรี", "038-535400"),
    (CHACHOENGSAO, "ชมรมแพทย์แผนไทยจังหวัดฉะเชิงเทรา", PartnerKind.CIVIL_SOCIETY,
     "ตำรับยาสมุนไพรพื้นบ้านและการนวดแผนไทย", "นายสมเกียรติ ใจดี", "086-345-6789"),
)

# Committees: province -> (fiscal year, order number, order date, term end).
COMMITTEES = {
    UBON: (2565, "123/2565", date(2021, 12, 15), date(2022, 9, 30)),
    CHACHOENGSAO: (2564, "45/2564", date(2021, 1, 20), date(2021, 9, 30)),
}

# Committee members in appointment order (seat = position in the table):
# (prefix, first name, last name, position, organisation, sector, role).
UBON_MEMBERS = (
    ("นาย", "ประเสริฐ", "วงศ์ศรีทอง", "รองผู้ว่าราชการจังหวัดอุบลราชธานี", "ศาลากลางจังหวัดอุบลราชธานี", GOV, CHAIR),
    ("นาย", "ธีรวัฒน์", "เจริญพาณิชย์กุล", "ประธานหอการค้าจังหวัดอุบลราชธานี", "หอการค้าจังหวัดอุบลราชธานี", PRI, VICE),
    ("นาย", "สุรชัย", "บุญประคอง", "อุตสาหกรรมจังหวัดอุบลราชธานี", "สำนักงานอุตสาหกรรมจังหวัดอุบลราชธานี", GOV, MEMBER),
    ("นาง", "วรรณภา", "ศรีอุดม", "พาณิชย์จังหวัดอุบลราชธานี", "สำนักงานพาณิชย์จังหวัดอุบลราชธานี", GOV, MEMBER),
    ("นาย", "สมบัติ", "ทองมา", "เกษตรจังหวัดอุบลราชธานี", "สำนักงานเกษตรจังหวัดอุบลราชธานี", GOV, MEMBER),
    ("นาย", "อนุชา", "แสงสว่าง", "นายแพทย์สาธารณสุขจังหวัดอุบลราชธานี",
     "สำนักงานสาธารณสุขจังหวัดอุบลราชธานี", GOV, MEMBER),
    ("นาง", "ปราณี", "คำแสน", "วัฒนธรรมจังหวัดอุบลราชธานี", "สำนักงานวัฒนธรรมจังหวัดอุบลราชธานี", GOV, MEMBER),
    ("นางสาว", "จิราพร", "บุญมา", "ท่องเที่ยวและกีฬาจังหวัดอุบลราชธานี",
     "สำนักงานการท่องเที่ยวและกีฬาจังหวัดอุบลราชธานี", GOV, MEMBER),
    ("นาย", "วิชัย", "พรหมวงศ์", "ผู้อำนวยการวิทยาลัยเทคนิคอุบลราชธานี", "วิทยาลัยเทคนิคอุบลราชธานี", GOV, MEMBER),
    ("ดร.", "สุนันทา", "แก้วประเสริฐ", "รองอธิการบดีฝ่ายบริการวิชาการ", "มหาวิทยาลัยราชภัฏอุบลราชธานี", GOV, MEMBER),
    ("ดร.", "กิตติศักดิ์", "ภูมิสวัสดิ์", "คณบดีคณะเกษตรศาสตร์", "มหาวิทยาลัยอุบลราชธานี", GOV, MEMBER),
    ("นาง", "รัชนี", "สุขเจริญ", "ผู้อำนวยการกลุ่มงานส่งเสริมการพัฒนาชุมชน",
     "สำนักงานพัฒนาชุมชนจังหวัดอุบลราชธานี", GOV, MEMBER),
    ("นาย", "ณัฐพล", "ศรีสมบูรณ์", "ประธานสภาอุตสาหกรรมจังหวัดอุบลราชธานี",
     "สภาอุตสาหกรรมจังหวัดอุบลราชธานี", PRI, MEMBER),
    ("นาง", "ลำดวน", "พูลสวัสดิ์", "นายกสมาคมการท่องเที่ยวจังหวัดอุบลราชธานี",
     "สมาคมการท่องเที่ยวจังหวัดอุบลราชธานี", PRI, MEMBER),
    ("นาย", "ภาณุพงศ์", "ไชยมงคล", "กรรมการผู้จัดการ", "บริษัท อุบลดีไซน์ สตูดิโอ จำกัด", PRI, MEMBER),
    ("นางสาว", "ศศิธร", "วงศ์ไทย", "ประธานกลุ่มผู้ประกอบการรุ่นใหม่ (YEC)", "หอการค้าจังหวัดอุบลราชธานี", PRI, MEMBER),
    ("นาง", "บัวผัน", "ศรีสุข", "นายกสมาคม", "สมาคมผ้าไหมพื้นเมืองอุบลราชธานี", CIV, MEMBER),
    ("นาย", "ทองใบ", "ดวงจันทร์", "ประธานสภาวัฒนธรรมจังหวัดอุบลราชธานี", "สภาวัฒนธรรมจังหวัดอุบลราชธานี", CIV, MEMBER),
    ("นางสาว", "อรอุมา", "สีดา", "ผู้ประสานงานโครงการ", "มูลนิธิพัฒนาชุมชนอีสานใต้", CIV, MEMBER),
    ("นาย", "เกรียงไกร", "ทองดี", "นายกสมาคม", "สมาคมผู้สื่อข่าวจังหวัดอุบลราชธานี", CIV, MEMBER),
    ("นาย", "สมหมาย", "บุญเรือง", "สมาชิกสภาองค์การบริหารส่วนจังหวัดอุบลราชธานี",
     "องค์การบริหารส่วนจังหวัดอุบลราชธานี", PEO, MEMBER),
    ("นาย", "บุญเลิศ", "คำภา", "กำนันตำบลปะอาว", "ตำบลปะอาว อำเภอเมืองอุบลราชธานี", PEO, MEMBER),
    ("นาง", "สมจิต", "จันทร์หอม", "ครูภูมิปัญญาด้านผ้าทอ", "ผู้แทนภาคประชาชน อำเภอตระการพืชผล", PEO, MEMBER),
    ("นาง", "พิกุล", "แสนทวีสุข", "ประธานเครือข่ายผู้ผลิต ผู้ประกอบการ OTOP จังหวัดอุบลราชธานี",
     "เครือข่าย OTOP จังหวัดอุบลราชธานี", ORG, MEMBER),
    ("นาง", "มาลัย", "ศรีวิเศษ", "ประธานคณะกรรมการพัฒนาสตรีจังหวัดอุบลราชธานี",
     "คณะกรรมการพัฒนาสตรีจังหวัดอุบลราชธานี", ORG, MEMBER),
    ("นาย", "ประยูร", "ทองคำ", "ประธานเครือข่ายกองทุนหมู่บ้านจังหวัดอุบลราชธานี",
     "เครือข่ายกองทุนหมู่บ้านและชุมชนเมืองจังหวัดอุบลราชธานี", ORG, MEMBER),
    ("นาย", "วีระพงษ์", "สุวรรณรัตน์", "พัฒนาการจังหวัดอุบลราชธานี",
     "สำนักงานพัฒนาชุมชนจังหวัดอุบลราชธานี", GOV, SECRETARY),
)
MEMBER_LOGIN_SEAT = 10  # ดร.สุนันทา แก้วประเสริฐ, Ubon Ratchathani Rajabhat University

CHACHOENGSAO_MEMBERS = (
    ("นาย", "ชัยวัฒน์", "ศรีประเสริฐ", "รองผู้ว่าราชการจังหวัดฉะเชิงเทรา", "ศาลากลางจังหวัดฉะเชิงเทรา", GOV, CHAIR),
    ("นาย", "อดิศร", "มั่นคง", "อุตสาหกรรมจังหวัดฉะเชิงเทรา", "สำนักงานอุตสาหกรรมจังหวัดฉะเชิงเทรา", GOV, MEMBER),
    ("นาง", "สุภาพร", "ธรรมรักษ์", "ผู้อำนวยการกลุ่มงานการแพทย์แผนไทยและการแพทย์ทางเลือก",
     "สำนักงานสาธารณสุขจังหวัดฉะเชิงเทรา", GOV, MEMBER),
    ("ดร.", "ปิยะนุช", "เรืองศรี", "อาจารย์คณะวิทยาศาสตร์และเทคโนโลยี", "มหาวิทยาลัยราชภัฏราชนครินทร์", GOV, MEMBER),
    ("นาย", "วรพล", "เลิศวิริยะ", "รองประธานหอการค้าจังหวัดฉะเชิงเทรา", "หอการค้าจังหวัดฉะเชิงเทรา", PRI, MEMBER),
    ("นาย", "สมเกียรติ", "ใจดี", "ประธานชมรม", "ชมรมแพทย์แผนไทยจังหวัดฉะเชิงเทรา", CIV, MEMBER),
    ("นาง", "ละเอียด", "พึ่งบุญ", "ผู้แทนภาคประชาชน ตำบลบางพระ", "ตำบลบางพระ อำเภอเมืองฉะเชิงเทรา", PEO, MEMBER),
    ("นาง", "วันเพ็ญ", "สายทอง", "ประธานเครือข่ายผู้ผลิต ผู้ประกอบการ OTOP จังหวัดฉะเชิงเทรา",
     "เครือข่าย OTOP จังหวัดฉะเชิงเทรา", ORG, MEMBER),
    ("นาย", "ธนพล", "อินทรสุวรรณ", "พัฒนาการจังหวัดฉะเชิงเทรา", "สำนักงานพัฒนาชุมชนจังหวัดฉะเชิงเทรา", GOV, SECRETARY),
)

# Development cohorts: province -> fields.
COHORTS = {
    UBON: {
        "fiscal_year": 2565,
        "budget": Decimal("1500000.00"),
        "contractor": "บริษัท บี เค.สมาร์ท โซลูชั่น จำกัด",
        "procurement_method": ProcurementMethod.E_BIDDING,
        "contract_number": "12/2565",
        "contract_date": date(2022, 3, 15),
        "trainees_per_group": 2,
    },
    CHACHOENGSAO: {
        "fiscal_year": 2564,
        "budget": Decimal("350000.00"),
        "contractor": "",
        "procurement_method": ProcurementMethod.IN_HOUSE,
        "contract_number": "",
        "contract_date": None,
        "trainees_per_group": 2,
    },
}

# Producer groups; each province's cohort enrols all of its groups here, each trained by two
# people (its leader and one more):
# (OTOP registration no., name, kind, subdistrict code, village no., leader, members, phone,
#  second trainee, second trainee's position).
COMMUNITY, INDIVIDUAL, SME = GroupKind.COMMUNITY, GroupKind.INDIVIDUAL, GroupKind.SME
GROUPS = (
    ("3404-00112", "กลุ่มแม่บ้านเกษตรกรแปรรูปปลาบ้านท่าไห", COMMUNITY, "340407", 3, "นางสมพร ทองสุข", 32,
     "081-111-2201", "นางสาวกาญจนา ทองสุข", "ฝ่ายการตลาด"),
    ("3402-00045", "วิสาหกิจชุมชนข้าวหอมมะลิอินทรีย์บ้านนาคำ", COMMUNITY, "340201", 7, "นายบุญมี ศรีนาคำ", 48,
     "081-111-2202", "นายอนันต์ ศรีนาคำ", "ฝ่ายผลิต"),
    ("3401-00231", "ห้างหุ้นส่วนจำกัด หมูยอแม่ทองคำ", SME, "340104", 2, "นางทองคำ ประเสริฐวงศ์", 12,
     "081-111-2203", "นายธนา ประเสริฐวงศ์", "ผู้จัดการฝ่ายผลิต"),
    ("3405-00078", "วิสาหกิจชุมชนแจ่วบองบ้านเขมราฐ", COMMUNITY, "340501", 5, "นางบุญเรือน คำมุงคุณ", 25,
     "081-111-2204", "นางสาวพรทิพย์ คำมุงคุณ", "เลขานุการกลุ่ม"),
    ("3424-00019", "กลุ่มขนมทองม้วนบ้านดอนมดแดง", COMMUNITY, "342401", 1, "นางคำใบ พันธ์ดี", 18,
     "081-111-2205", "นางสาวสุดารัตน์ พันธ์ดี", "เหรัญญิก"),
    ("3410-00056", "วิสาหกิจชุมชนกล้วยตากบ้านโนนค้อ", COMMUNITY, "341006", 9, "นายสุพจน์ แก้วกาญจน์", 30,
     "081-111-2206", "นางลำไย แก้วกาญจน์", "ฝ่ายผลิต"),
    ("3401-00187", "กลุ่มหล่อทองเหลืองบ้านปะอาว", COMMUNITY, "340120", 4, "นายทองสุข ชาวปะอาว", 22,
     "081-111-2207", "นายสมพงษ์ ชาวปะอาว", "ช่างหล่อ"),
    ("3424-00033", "กลุ่มจักสานไม้ไผ่บ้านคำไฮใหญ่", COMMUNITY, "342404", 8, "นางบัวลอง ศรีคำไฮ", 27,
     "081-111-2208", "นางสาวอัมพร ศรีคำไฮ", "เลขานุการกลุ่ม"),
    ("3415-00094", "กลุ่มเครื่องปั้นดินเผาบ้านโนนโหนน", COMMUNITY, "341505", 6, "นายเสถียร ดินดี", 19,
     "081-111-2209", "นายวีรยุทธ ดินดี", "ช่างปั้น"),
    ("3401-00205", "เทียนหอมแม่บุญมี", INDIVIDUAL, "340109", 11, "นางบุญมี แสงเทียน", 5,
     "081-111-2210", "นางสาวปวีณา แสงเทียน", "ฝ่ายออกแบบ"),
    ("3419-00067", "กลุ่มสานกระเป๋าบ้านพิบูล", COMMUNITY, "341901", 12, "นางเพ็ญศรี มูลพิบูล", 24,
     "081-111-2211", "นางสาวจารุวรรณ มูลพิบูล", "ฝ่ายการตลาด"),
    ("3403-00028", "วิสาหกิจชุมชนไม้แกะสลักบ้านโขงเจียม", COMMUNITY, "340301", 10, "นายคำพอง ริมโขง", 15,
     "081-111-2212", "นายศักดิ์ชัย ริมโขง", "ช่างแกะสลัก"),
    ("3414-00041", "วิสาหกิจชุมชนชาใบหม่อนบ้านม่วงสามสิบ", COMMUNITY, "341401", 14, "นางจันทร์ศรี หม่อนทอง", 36,
     "081-111-2213", "นายวิทยา หม่อนทอง", "ฝ่ายผลิต"),
    ("3407-00083", "วิสาหกิจชุมชนน้ำหมากเม่าบ้านกุดประทาย", COMMUNITY, "340709", 2, "นายประจักษ์ เม่าทอง", 28,
     "081-111-2214", "นางสาวนิภาพร เม่าทอง", "ฝ่ายควบคุมคุณภาพ"),
    ("3401-00152", "กลุ่มทอผ้าไหมบ้านหนองบ่อ", COMMUNITY, "340111", 5, "นางอุไร ไหมงาม", 40,
     "081-111-2215", "นางสาวรัตนา ไหมงาม", "ช่างทอ"),
    ("3401-00176", "กลุ่มทอผ้ากาบบัวบ้านกระโสบ", COMMUNITY, "340113", 3, "นางบัวคำ ลายงาม", 35,
     "081-111-2216", "นางสาวสุภาวดี ลายงาม", "ฝ่ายออกแบบลาย"),
    ("3411-00102", "กลุ่มทอผ้าฝ้ายย้อมครามบ้านโนนกุง", COMMUNITY, "341110", 7, "นางทองใส ครามดี", 31,
     "081-111-2217", "นางสาวเยาวลักษณ์ ครามดี", "ช่างย้อม"),
    ("3404-00125", "กลุ่มทอผ้าขิดบ้านชีทวน", COMMUNITY, "340406", 13, "นางสุมาลี ขิดงาม", 26,
     "081-111-2218", "นางสาวธิดารัตน์ ขิดงาม", "ช่างทอ"),
    ("3408-00037", "วิสาหกิจชุมชนเสื้อผ้าฝ้ายทอมือบ้านนาจะหลวย", COMMUNITY, "340801", 15, "นางวิไล ฝ้ายคำ", 20,
     "081-111-2219", "นางสาวชนิดา ฝ้ายคำ", "ช่างตัดเย็บ"),
    ("3425-00011", "วิสาหกิจชุมชนสมุนไพรบ้านโนนก่อ", COMMUNITY, "342503", 4, "นางประไพ ยาดี", 21,
     "081-111-2220", "นายอำนาจ ยาดี", "ฝ่ายผลิต"),
    # Chachoengsao's outstanding-network entry, FY 2564 (news report).
    ("2401-00006", "กลุ่มผลิตภัณฑ์ดูแลสุขภาพ", COMMUNITY, "240113", 6, "นางสายใจ เพ็งสุข", 23,
     "089-555-0106", "นางนงลักษณ์ เพ็งสุข", "ฝ่ายผลิต"),
)

# Products, one per Ubon group (the first one listed for a group is the one enrolled):
# (group's OTOP registration no., name, category, price, star level, star year, description,
#  local identity, innovation).
PRODUCTS = (
    ("3404-00112", "ปลาส้มไร้ก้างบ้านท่าไห", FOOD, "120.00", 4, 2562,
     "ปลาตะเพียนหมักข้าวเหนียวและกระเทียม แล่ก้างออกทั้งตัว บรรจุถุงสุญญากาศ",
     "ปลาจากลำน้ำมูลหมักตามสูตรแม่บ้านริมน้ำที่สืบทอดกันมาสามรุ่น",
     "ควบคุมความเปรี้ยวด้วยการหมักในห้องควบคุมอุณหภูมิ ทำให้รสชาติคงที่ทุกรุ่นการผลิต"),
    ("3402-00045", "ข้าวหอมมะลิอินทรีย์นาคำ", FOOD, "95.00", 5, 2565,
     "ข้าวหอมมะลิ 105 ปลูกแบบอินทรีย์ สีใหม่ทุกสัปดาห์ บรรจุถุงละ 1 กิโลกรัม",
     "ข้าวจากทุ่งกุลาฝั่งอุบลราชธานี ปลูกด้วยน้ำฝนและปุ๋ยคอกของชุมชน",
     "บรรจุภัณฑ์อัดก๊าซไนโตรเจนพร้อมคิวอาร์โค้ดตรวจย้อนกลับถึงแปลงนา"),
    ("3401-00231", "หมูยอสมุนไพรแม่ทองคำ", FOOD, "85.00", 4, 2564,
     "หมูยอเนื้อแน่น ผสมพริกไทยดำและตะไคร้ ห่อใบตองสองชั้น",
     "หมูยอเป็นของฝากขึ้นชื่อของเมืองอุบลราชธานีคู่กับกุนเชียง",
     "ลดโซเดียมลงร้อยละ 30 และยืดอายุด้วยการพาสเจอร์ไรซ์โดยไม่ใช้สารกันเสีย"),
    ("3405-00078", "แจ่วบองปลาร้าสับสูตรเขมราฐ", FOOD, "60.00", None, None,
     "น้ำพริกปลาร้าสับคั่วกับพริกแห้ง ข่า และตะไคร้ บรรจุกระปุกแก้ว",
     "ปลาร้าจากปลาน้ำโขงหมักนานหนึ่งปีตามแบบชาวเขมราฐ",
     "ฆ่าเชื้อด้วยไอน้ำและบรรจุร้อน เก็บได้นานหกเดือนโดยไม่ต้องแช่เย็น"),
    ("3424-00019", "ทองม้วนกรอบงาดำดอนมดแดง", FOOD, "45.00", 3, 2563,
     "ทองม้วนแป้งข้าวเหนียวผสมงาดำ กรอบ หอมกะทิ บรรจุกล่องละ 20 ชิ้น",
     "ขนมงานบุญของหมู่บ้าน ทำด้วยพิมพ์ทองเหลืองลายดอกบัวของชุมชน",
     "ใช้น้ำตาลมะพร้าวแทนน้ำตาลทราย และกล่องกระดาษที่ย่อยสลายได้"),
    ("3410-00056", "กล้วยตากพลังงานแสงอาทิตย์บ้านโนนค้อ", FOOD, "50.00", None, None,
     "กล้วยน้ำว้าสุกตากในโรงอบพลังงานแสงอาทิตย์ ไม่เติมน้ำตาล",
     "กล้วยน้ำว้าปลูกในสวนผสมของชาวบุณฑริกบนที่ราบเชิงเขา",
     "โรงอบพาราโบลาโดมร่วมกับมหาวิทยาลัย ลดเวลาตากจากห้าวันเหลือสามวันและสะอาดกว่า"),
    ("3401-00187", "โคมไฟทองเหลืองลายเทียนพรรษา", UTILITY, "2500.00", 5, 2564,
     "โคมไฟตั้งโต๊ะหล่อทองเหลืองด้วยวิธีขี้ผึ้งหาย ขัดเงาด้วยมือ",
     "ภูมิปัญญาการหล่อทองเหลืองแบบโบราณของบ้านปะอาวที่สืบทอดมากว่าสองร้อยปี",
     "ออกแบบลวดลายร่วมกับนักออกแบบรุ่นใหม่และใช้หลอด LED ประหยัดพลังงาน"),
    ("3424-00033", "กระติบข้าวไม้ไผ่ลายขิด", UTILITY, "180.00", 3, 2562,
     "กระติบข้าวเหนียวสานจากไม้ไผ่บ้าน เคลือบสารกันราจากธรรมชาติ",
     "กระติบข้าวเป็นเครื่องใช้ประจำครัวเรือนอีสาน สานเป็นลายขิดของชุมชน",
     "ลายสานใหม่ที่สื่อถึงแม่น้ำสองสี และฝาปิดแม่เหล็กสำหรับตลาดของขวัญ"),
    ("3415-00094", "แจกันดินเผาเคลือบขี้เถ้าแกลบ", UTILITY, "350.00", None, None,
     "แจกันดินเผาอุณหภูมิสูง เคลือบด้วยขี้เถ้าแกลบจากโรงสีชุมชน",
     "ดินริมฝั่งแม่น้ำมูลที่ชาวบ้านโนนโหนนใช้ปั้นภาชนะมาแต่โบราณ",
     "น้ำเคลือบจากวัสดุเหลือใช้ในท้องถิ่น ให้สีเฉพาะที่ไม่ซ้ำกันทุกใบ"),
    ("3401-00205", "เทียนหอมแกะสลักลายเทียนพรรษา", UTILITY, "250.00", 4, 2565,
     "เทียนหอมไขถั่วเหลืองแกะสลักลายไทย กลิ่นดอกบัวและตะไคร้หอม",
     "ได้แรงบันดาลใจจากประเพณีแห่เทียนพรรษาของจังหวัดอุบลราชธานี",
     "แม่พิมพ์ซิลิโคนช่วยขึ้นรูปลายแกะสลัก ลดเวลาผลิตต่อชิ้นลงครึ่งหนึ่ง"),
    ("3419-00067", "กระเป๋าสานเส้นกกลายดอกบัว", UTILITY, "450.00", None, None,
     "กระเป๋าถือสานจากเส้นกกย้อมสีธรรมชาติ บุผ้าฝ้ายด้านใน",
     "ลายดอกบัวสื่อถึงอุบลราชธานีเมืองดอกบัวงาม",
     "ปรับทรงให้เป็นกระเป๋าใส่แล็ปท็อปสำหรับคนทำงานรุ่นใหม่"),
    ("3403-00028", "ไม้แกะสลักลายภาพเขียนสีผาแต้ม", UTILITY, "320.00", 3, 2563,
     "ของที่ระลึกไม้มะม่วงแกะสลักลายภาพเขียนสีก่อนประวัติศาสตร์",
     "ลายจากภาพเขียนสีผาแต้ม แหล่งท่องเที่ยวสำคัญริมแม่น้ำโขง",
     "ใช้เครื่องเลเซอร์ร่างลายก่อนแกะมือ ทำให้ได้ลายแม่นยำและผลิตได้มากขึ้น"),
    ("3414-00041", "ชาใบหม่อนอบแห้งม่วงสามสิบ", BEVERAGE, "120.00", 4, 2564,
     "ชาใบหม่อนอินทรีย์คั่วมือ บรรจุซองชาแบบพีระมิด",
     "หม่อนที่ปลูกเลี้ยงไหมของชาวม่วงสามสิบ นำใบมาทำชาแทนการทิ้ง",
     "ผสมดอกอัญชันให้สีและกลิ่น พร้อมผลวิเคราะห์สารต้านอนุมูลอิสระ"),
    ("3407-00083", "น้ำหมากเม่าพร้อมดื่ม", BEVERAGE, "35.00", 3, 2565,
     "น้ำผลหมากเม่าสกัดเย็น ไม่ผสมสี บรรจุขวดแก้ว 250 มิลลิลิตร",
     "หมากเม่าเป็นผลไม้ป่าของอีสานที่สุกในฤดูหนาว",
     "พาสเจอร์ไรซ์แบบอุณหภูมิต่ำเพื่อคงสารแอนโทไซยานิน"),
    ("3401-00152", "ผ้าไหมมัดหมี่ลายโบราณบ้านหนองบ่อ", TEXTILE, "3500.00", 5, 2563,
     "ผ้าไหมมัดหมี่ทอมือจากไหมพันธุ์พื้นบ้าน ย้อมสีธรรมชาติ",
     "ลายมัดหมี่โบราณที่บันทึกไว้ในสมุดลายของหมู่บ้าน",
     "เคลือบนาโนกันน้ำและคราบ ช่วยให้ดูแลรักษาง่ายขึ้น"),
    ("3401-00176", "ผ้ากาบบัวลายน้ำไหล", TEXTILE, "2800.00", 5, 2565,
     "ผ้ากาบบัวทอผสมเส้นไหมมัดหมี่และเส้นมับไม",
     "ผ้ากาบบัวเป็นผ้าเอกลักษณ์ประจำจังหวัดอุบลราชธานี",
     "สีย้อมจากเปลือกไม้ในชุมชนที่ผ่านการทดสอบความคงทนของสี"),
    ("3411-00102", "ผ้าฝ้ายย้อมครามลายขอ", TEXTILE, "850.00", 4, 2562,
     "ผ้าฝ้ายทอมือย้อมครามธรรมชาติ ทอเป็นลายขอ",
     "ครามปลูกเองและก่อหม้อครามตามภูมิปัญญาของชาวตระการพืชผล",
     "ย้อมครามเย็นแบบควบคุมค่าความเป็นกรดด่าง สีสม่ำเสมอทั้งผืน"),
    ("3404-00125", "หมอนขิดสามเหลี่ยม", TEXTILE, "650.00", None, None,
     "หมอนอิงสามเหลี่ยมหุ้มผ้าขิดทอมือ ยัดนุ่นธรรมชาติ",
     "ผ้าขิดลายดอกแก้วทอใช้ในงานบุญของชาวเขื่องใน",
     "ถอดปลอกซักได้และมีขนาดเล็กสำหรับตกแต่งรถยนต์"),
    ("3408-00037", "เสื้อผ้าฝ้ายทอมือทรงร่วมสมัย", TEXTILE, "990.00", 3, 2564,
     "เสื้อคลุมผ้าฝ้ายทอมือ ตัดเย็บทรงร่วมสมัย มีหลายขนาด",
     "ผ้าฝ้ายทอลายลูกแก้วของชาวนาจะหลวย",
     "แพตเทิร์นตัดเย็บที่ลดเศษผ้า และนำเศษที่เหลือไปทำกระดุมผ้า"),
    ("3425-00011", "สบู่สมุนไพรขมิ้นไพลโนนก่อ", HERBAL, "65.00", 3, 2563,
     "สบู่ก้อนจากขมิ้นชัน ไพล และน้ำมันมะพร้าว ไม่มีสารกันเสียสังเคราะห์",
     "สมุนไพรปลูกในแปลงชุมชนบนที่ดินนิคมสร้างตนเอง",
     "กระบวนการทำสบู่แบบเย็นที่รักษาสารสำคัญของสมุนไพร"),
    ("2401-00006", "ยาหม่องสมุนไพรไพลบางพระ", HERBAL, "45.00", 4, 2563,
     "ยาหม่องเนื้อขี้ผึ้งจากไพล เสลดพังพอน และการบูร บรรจุตลับ 15 กรัม",
     "ตำรับสมุนไพรของหมอพื้นบ้านตำบลบางพระ ริมแม่น้ำบางปะกง",
     "สูตรเย็นแบบลูกกลิ้งที่พกพาง่ายและไม่เปื้อนมือ"),
    ("2401-00006", "ลูกประคบสมุนไพรสด", HERBAL, "80.00", None, None,
     "ลูกประคบสมุนไพรสดสิบสองชนิด ห่อผ้าฝ้าย พร้อมใช้",
     "สมุนไพรปลูกในหมู่ที่ 6 ตำบลบางพระ",
     "บรรจุสุญญากาศแช่เย็นเก็บได้นานขึ้น"),
)

# Standards: (group's OTOP registration no., kind, certificate number, issued on, expires in days
# from today or None). Relative expiry keeps a few always "expiring within 90 days" for dashboards.
STANDARDS = (
    ("3404-00112", StandardKind.FDA, "34-1-05662-2-0015", date(2021, 6, 10), None),
    ("3404-00112", StandardKind.TCPS, "มผช. 26/2560", date(2022, 1, 12), 45),
    ("3401-00231", StandardKind.FDA, "34-2-01523-2-0008", date(2020, 2, 14), None),
    ("3405-00078", StandardKind.TCPS, "มผช. 293/2559", date(2022, 3, 4), 20),
    ("3402-00045", StandardKind.ORGANIC, "ORG-TH-34-0457", date(2022, 5, 20), 300),
    ("3414-00041", StandardKind.FDA, "34-1-10245-2-0003", date(2021, 9, 1), None),
    ("3414-00041", StandardKind.TCPS, "มผช. 120/2558", date(2022, 2, 8), 75),
    ("3407-00083", StandardKind.FDA, "34-1-08876-2-0011", date(2022, 4, 18), None),
    ("3401-00176", StandardKind.TCPS, "มผช. 20/2558", date(2022, 6, 1), 200),
    ("3401-00152", StandardKind.TCPS, "มผช. 18/2558", date(2020, 11, 9), -30),
    ("3424-00033", StandardKind.TCPS, "มผช. 107/2558", date(2021, 8, 23), 60),
    ("2401-00006", StandardKind.TCPS, "มผช. 1119/2558", date(2021, 3, 15), 120),
)

# Users: (username, first name, last name, role description, national admin?, officer provinces).
USERS = (
    ("admin", "ธนวัฒน์", "ศรีพัฒนา", "National admin (CDD headquarters)", True, ()),
    ("ubon", "ศิริพร", "ทองประเสริฐ", "Provincial officer, Ubon Ratchathani", False, (UBON,)),
    ("chachoengsao", "กมลวรรณ", "รุ่งเรืองศรี", "Provincial officer, Chachoengsao", False, (CHACHOENGSAO,)),
)
MEMBER_USERNAME = "member"


def _save(model, defaults=None, **lookup):
    """Like `update_or_create`, but validates with `full_clean()` before saving."""
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    for field, value in (defaults or {}).items():
        setattr(obj, field, value)
    obj.full_clean()
    obj.save()
    return obj


def _seed_committee(network, members):
    fiscal_year, order_number, order_date, term_end = COMMITTEES[network.province_id]
    committee = _save(
        Committee,
        {"order_number": order_number, "order_date": order_date, "term_start": order_date, "term_end": term_end},
        network=network,
        fiscal_year=fiscal_year,
    )
    for seat, (prefix, first, last, position, organisation, sector, role) in enumerate(members, start=1):
        _save(
            CommitteeMember,
            {"prefix": prefix, "first_name": first, "last_name": last, "position": position,
             "organisation": organisation, "sector": sector, "role": role},
            committee=committee,
            seat=seat,
        )
    return committee


def _seed_networks():
    networks = {
        code: _save(Network, fields, province=Province.objects.get(pk=code)) for code, fields in NETWORKS.items()
    }
    for province, name, kind, expertise, contact, phone in PARTNERS:
        _save(
            KnowledgePartner,
            {"kind": kind, "expertise": expertise, "contact_name": contact, "phone": phone},
            network=networks[province],
            name=name,
        )
    return {
        UBON: _seed_committee(networks[UBON], UBON_MEMBERS),
        CHACHOENGSAO: _seed_committee(networks[CHACHOENGSAO], CHACHOENGSAO_MEMBERS),
    }


def _seed_products():
    today = timezone.localdate()
    groups = {}
    for reg, name, kind, subdistrict_code, village, leader, members, phone, *_ in GROUPS:
        subdistrict = Subdistrict.objects.get(pk=subdistrict_code)
        groups[reg] = _save(
            ProducerGroup,
            {"name": name, "kind": kind, "subdistrict": subdistrict, "postal_code": subdistrict.postal_codes[0],
             "village_no": village, "leader_name": leader, "member_count": members, "phone": phone},
            otop_registration_number=reg,
        )
    products = {}
    for reg, name, category, price, star_level, star_year, description, identity, innovation in PRODUCTS:
        product = _save(
            Product,
            {"category": category, "price": Decimal(price), "star_level": star_level, "star_year": star_year,
             "description": description, "identity_story": identity, "innovation": innovation},
            group=groups[reg],
            name=name,
        )
        products.setdefault(reg, product)
    for reg, kind, number, issued_on, expires_in in STANDARDS:
        expires_on = None if expires_in is None else today + timedelta(days=expires_in)
        _save(
            ProductStandard,
            {"issued_on": issued_on, "expires_on": expires_on},
            product=products[reg],
            kind=kind,
            number=number,
        )
    return groups, products


def _seed_cohorts(groups, products):
    cohorts = {}
    for province, fields in COHORTS.items():
        fields = dict(fields)
        cohort = cohorts[province] = _save(
            Cohort, fields, province_id=province, fiscal_year=fields.pop("fiscal_year")
        )
        for reg, _name, _kind, _sub, _village, leader, _members, _phone, trainee, position in GROUPS:
            if groups[reg].subdistrict.province_id != province:
                continue
            enrollment = _save(Enrollment, {"product": products[reg]}, cohort=cohort, group=groups[reg])
            for name, trainee_position in ((leader, "ประธานกลุ่ม"), (trainee, position)):
                _save(Trainee, {"position": trainee_position}, enrollment=enrollment, name=name)
    return cohorts


def _save_user(username, first_name, last_name, *, national_admin=False, provinces=()):
    user = User.objects.filter(username=username).first() or User(username=username)
    user.first_name, user.last_name = first_name, last_name
    user.email = f"{username}@example.org"  # reminders go to it (printed on the console under `make run`)
    user.is_active = True
    user.is_demo = True  # a published password: refused on a production server (kbo/accounts/backends.py)
    user.is_national_admin = user.is_staff = user.is_superuser = national_admin
    user.set_password(DEMO_PASSWORD)
    user.full_clean()
    user.save()
    user.officer_provinces.set(provinces)
    return user


def _seed_users(ubon_committee):
    logins = []
    for username, first, last, role, national_admin, provinces in USERS:
        _save_user(username, first, last, national_admin=national_admin, provinces=provinces)
        logins.append((role, username, DEMO_PASSWORD))
    seat = ubon_committee.members.get(seat=MEMBER_LOGIN_SEAT)
    user = _save_user(MEMBER_USERNAME, seat.first_name, seat.last_name)
    ubon_committee.members.filter(user=user).exclude(pk=seat.pk).update(user=None)
    seat.user = user
    seat.full_clean()
    seat.save()
    logins.append(("Committee member, Ubon Ratchathani (scores on a phone)", MEMBER_USERNAME, DEMO_PASSWORD))
    return logins


def seed_demo(require_debug=True):
    """Creates or updates the demo data and returns the demo logins as (role, username, password).

    Refuses to run when `require_debug` and DEBUG is off: accounts with a published password must
    never reach a production database.
    """
    if require_debug and not settings.DEBUG:
        raise CommandError("Refusing to create demo accounts with known passwords while DEBUG is off.")
    if not Province.objects.filter(pk__in=NETWORKS).exists():
        raise CommandError("Load the geography first: manage.py load_geography")
    with transaction.atomic():
        committees = _seed_networks()
        groups, products = _seed_products()
        _seed_cohorts(groups, products)
        return _seed_users(committees[UBON])
