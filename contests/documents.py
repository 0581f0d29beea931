"""The contest's printed documents: each member's score sheet, the ranking sheet of a round and the
selection record (minutes), as A4 PDFs rendered by WeasyPrint with Sarabun, in the active language;
and the national round's certificates (A4 landscape, one page per awarded entry).

Each document is assembled here as a `Document`: the template, the objects it shows, and its
*record* — the same facts as plain, language-neutral data (names, points, places, decisions). The
footer of every page prints the record's short hash (`record_hash`), so a signed paper can be
checked against the online record: the same data gives the same hash, a changed score another one.
The print time is not part of the record.

WeasyPrint fetches nothing but the files under static/ (the stylesheet and the fonts).
"""

import datetime
import functools
import hashlib
import json
import mimetypes
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.db.models import F, Q
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from contests import scoring
from contests.awards import awarded_entries, entry_province, published_on
from contests.enums import ContestState, EventAction
from contests.models import Conflict, Contest, Entry, Scorecard
from networks.enums import CommitteeRole

STATIC_DIR = (Path(settings.BASE_DIR) / "static").resolve()
PRINT_STYLESHEETS = ("pdf.css", "certificate.css")  # under static/css/
ROLE_ORDER = [CommitteeRole.CHAIR, CommitteeRole.VICE_CHAIR, CommitteeRole.MEMBER, CommitteeRole.SECRETARY]
NOTED_ACTIONS = (EventAction.TRANSITION, EventAction.ENTRY_WITHDRAWN, EventAction.UNLOCKED)

# What a member's sheet shows for an entry.
SUBMITTED, DRAFT, MISSING, CONFLICT = "submitted", "draft", "missing", "conflict"


# The record and its hash

def _plain(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not part of a record")


def record_hash(record):
    """The short hash of the online record: the first 12 hex characters of the SHA-256 of the
    record's canonical JSON (sorted keys, no spaces, decimals without trailing zeros)."""
    text = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _contest_facts(contest):
    return {
        "id": contest.pk, "network": contest.network.name, "province": contest.network.province_id,
        "fiscal_year": contest.fiscal_year, "kind": contest.kind,
    }


def _person(juror):
    return {"name": juror.name, "role": juror.role}


def _entry_facts(entry):
    return {"id": entry.pk, "order": entry.presentation_order, "entry": str(entry), "group": entry.group.name}


def _criterion_facts(criterion):
    return {
        "id": criterion.pk, "name": criterion.name_th, "max": criterion.max_points, "weight": criterion.weight,
        "independent": criterion.independent,
    }


@dataclass
class Document:
    """What `render_html` / `render_pdf` print: `context` for the template, `record` for the hash."""

    template: str
    filename: str
    title: str
    contest: object
    record: dict
    context: dict = field(default_factory=dict)
    stylesheets: tuple = ("pdf.css",)  # of PRINT_STYLESHEETS

    @property
    def hash(self):
        return record_hash(self.record)


def signers(contest):
    """The members present, in the order they sign: chair, vice-chair, members, secretary."""
    jurors = contest.jurors.filter(present=True)
    return sorted(jurors, key=lambda juror: (ROLE_ORDER.index(juror.role), juror.seat, juror.pk))


# Score sheets

@dataclass
class SheetRow:
    entry: Entry
    status: str
    points: list = field(default_factory=list)  # per criterion of the round, None when not scored
    total: Decimal | None = None
    advice: str = ""


@dataclass
class SheetRound:
    round: object
    criteria: list
    rows: list


@dataclass
class Sheet:
    juror: object
    rounds: list

    @property
    def signers(self):
        return [self.juror]


def _sheet_row(entry, criteria, card, conflicted):
    if conflicted:
        return SheetRow(entry, CONFLICT)
    if card is None or not card.submitted:
        return SheetRow(entry, MISSING if card is None else DRAFT)
    points = {score.criterion_id: score.points for score in card.scores.all()}
    return SheetRow(entry, SUBMITTED, [points.get(c.pk) for c in criteria], card.total, card.advice)


def _sheet_facts(sheet):
    return {
        "member": _person(sheet.juror),
        "rounds": [
            {
                "round": part.round.number,
                "criteria": [_criterion_facts(c) for c in part.criteria],
                "rows": [
                    {
                        "entry": _entry_facts(row.entry), "status": row.status, "points": row.points,
                        "total": row.total, "advice": row.advice,
                    }
                    for row in part.rows
                ],
            }
            for part in sheet.rounds
        ],
    }


def sheet_jurors(contest):
    """Whose sheets the whole set holds: the members present, and anyone else who scored."""
    return contest.jurors.filter(Q(present=True) | Q(scorecards__isnull=False)).distinct().order_by("seat", "pk")


def score_sheets(contest, jurors):
    """One sheet per member: every entry of every round in presentation order, with the member's
    points, weighted total and advice, or why there are none (conflict, not submitted)."""
    jurors = list(jurors)
    conflicts = set(Conflict.objects.filter(entry__contest=contest).values_list("juror_id", "entry_id"))
    cards = {
        (card.round_id, card.juror_id, card.entry_id): card
        for card in Scorecard.objects.filter(round__contest=contest, juror__in=jurors).prefetch_related("scores")
    }
    parts = [
        (round, list(round.rubric.criteria.all()), list(Entry.objects.in_round(round).select_related("group", "product")))
        for round in contest.rounds.select_related("rubric").order_by("number")
    ]

    def rows(juror, round, criteria, entries):
        return [
            _sheet_row(entry, criteria, cards.get((round.pk, juror.pk, entry.pk)), (juror.pk, entry.pk) in conflicts)
            for entry in entries
        ]

    sheets = [
        Sheet(juror, [SheetRound(round, criteria, rows(juror, round, criteria, entries)) for round, criteria, entries in parts])
        for juror in jurors
    ]
    if len(jurors) == 1:
        title = _("Score sheet of %(name)s") % {"name": jurors[0].name}
        filename = f"score-sheet-{contest.pk}-{jurors[0].pk}.pdf"
    else:
        title, filename = _("Score sheets of the committee members"), f"score-sheets-{contest.pk}.pdf"
    record = {
        "document": "score_sheets", "contest": _contest_facts(contest), "sheets": [_sheet_facts(s) for s in sheets]
    }
    return Document("pdf/score_sheet.html", filename, title, contest, record, {"sheets": sheets})


# Ranking

def _ranking_rows(ranking):
    """(result, [average per criterion, in the round's order]) for each ranked entry."""
    return [(result, [result.criteria.get(c.pk) for c in ranking.criteria]) for result in ranking.results]


def _ranking_facts(ranking):
    return {
        "round": ranking.round.number,
        "aggregate": ranking.round.contest.aggregate,
        "max_total": ranking.max_total,
        "criteria": [_criterion_facts(c) for c in ranking.criteria],
        "results": [
            {
                "place": result.place, "entry": _entry_facts(result.entry), "score": result.score,
                "scorecards": result.scorecards, "spread": result.spread, "averages": averages,
                "tied": result.tied, "high_disagreement": result.high_disagreement, "quorum_met": result.quorum_met,
            }
            for result, averages in _ranking_rows(ranking)
        ],
    }


def ranking_sheet(round):
    """The summary ranking of a round with the committee's signatures."""
    contest = round.contest
    ranking = scoring.ranking(round)
    people = signers(contest)
    record = {
        "document": "ranking", "contest": _contest_facts(contest), "ranking": _ranking_facts(ranking),
        "signers": [_person(juror) for juror in people],
    }
    context = {"ranking": ranking, "rows": _ranking_rows(ranking), "signers": people}
    title = _("Summary of the scores: %(round)s") % {"round": round}
    filename = f"ranking-{contest.pk}-{round.number}.pdf"
    return Document("pdf/ranking_sheet.html", filename, title, contest, record, context)


# The selection record

def _event_facts(event):
    return {"action": event.action, "to": event.to_state, "at": event.at, "note": event.note, "data": event.data}


def _last(events, action):
    found = [event for event in events if event.action == action]
    return found[-1] if found else None


def selection_record(contest):
    """The minutes of the selection meeting: date and venue, who was there, conflicts, the ranking of
    each round, the shortlist, the decision, the reasons for any departure from the ranking and the
    chair's casting votes, with the committee's signatures."""
    jurors = list(contest.jurors.order_by("seat", "pk"))
    present, absent = [j for j in jurors if j.present], [j for j in jurors if not j.present]
    conflicts = list(
        Conflict.objects.filter(entry__contest=contest).select_related("juror", "entry__group", "entry__product")
        .order_by(F("entry__presentation_order").asc(nulls_last=True), "entry_id", "juror__seat")
    )
    rankings = [scoring.ranking(round) for round in contest.rounds.select_related("rubric").order_by("number")]
    entries = list(contest.entries.competing().select_related("group", "product"))
    shortlist = [entry for entry in entries if entry.shortlisted]
    winners = sorted((entry for entry in entries if entry.winner_position), key=lambda entry: entry.winner_position)
    events = list(contest.events.all())
    shortlisting, selection = _last(events, EventAction.SHORTLIST), _last(events, EventAction.SELECTION)
    casting_votes = [event for event in events if event.action == EventAction.CASTING_VOTE]
    notes = [
        event for event in events
        if event.note and event.action in NOTED_ACTIONS and event.to_state != ContestState.NO_ENTRY
    ]
    no_entry = contest.state == ContestState.NO_ENTRY
    people = signers(contest)
    record = {
        "document": "selection_record",
        "contest": _contest_facts(contest),
        "meeting": {"date": contest.meeting_date, "venue": contest.venue},
        "present": [_person(juror) for juror in present],
        "absent": [_person(juror) for juror in absent],
        "conflicts": [
            {"member": _person(c.juror), "entry": _entry_facts(c.entry), "grounds": c.grounds} for c in conflicts
        ],
        "rankings": [_ranking_facts(ranking) for ranking in rankings],
        "shortlist": [_entry_facts(entry) for entry in shortlist],
        "shortlist_reason": shortlisting.note if shortlisting else "",
        "winners": [_entry_facts(entry) for entry in winners],
        "selection_reason": selection.note if selection else "",
        "no_entry": contest.no_entry_reason if no_entry else None,
        "casting_votes": [_event_facts(event) for event in casting_votes],
        "notes": [_event_facts(event) for event in notes],
        "signers": [_person(juror) for juror in people],
    }
    context = {
        "present": present,
        "absent": absent,
        "conflicts": conflicts,
        "rankings": rankings,
        "shortlist": shortlist,
        "shortlisting": shortlisting,
        "winners": winners,
        "selection": selection,
        "no_entry": no_entry,
        "casting_votes": casting_votes,
        "notes": notes,
        "signers": people,
    }
    title = _("Record of the selection meeting")
    return Document("pdf/selection_record.html", f"selection-record-{contest.pk}.pdf", title, contest, record, context)


# The national round's certificates

@dataclass
class Certificate:
    entry: Entry
    province: object
    published_on: datetime.date | None
    hash: str  # of this certificate alone: the same whether printed on its own or with the others


def _certificate_facts(contest, entry, province, published):
    return {
        "round": {"id": contest.pk, "fiscal_year": contest.fiscal_year, "kind": contest.kind},
        "entry": entry.pk, "product": entry.product.name if entry.product_id else None, "group": entry.group.name,
        "province": province.code, "award": {"position": entry.award.position, "name": entry.award.name_th},
        "published": published,
    }


def certificates(contest_or_entries):
    """The certificates of a national round's awarded entries (given the round), or of the given
    awarded entries of one round: the group and product, province, award, the round and the day
    the results were published, each page with its own record hash."""
    if isinstance(contest_or_entries, Contest):
        contest, entries = contest_or_entries, list(awarded_entries(contest_or_entries))
    else:
        entries = list(contest_or_entries)
        contest = entries[0].contest
    published = published_on(contest)
    pages, facts = [], []
    for entry in entries:
        province = entry_province(entry)
        facts.append(_certificate_facts(contest, entry, province, published))
        pages.append(Certificate(entry, province, published, record_hash(facts[-1])))
    if len(entries) == 1:
        title = _("Certificate: %(entry)s") % {"entry": entries[0]}
        filename = f"certificate-{entries[0].pk}.pdf"
    else:
        title, filename = _("Certificates of the national round"), f"certificates-{contest.pk}.pdf"
    record = {"document": "certificates", "certificates": facts}
    return Document(
        "pdf/certificate.html", filename, title, contest, record, {"certificates": pages},
        stylesheets=("pdf.css", "certificate.css"),
    )


# Rendering

class StaticFilesOnly(URLFetcher):
    """Serves files under static/ (the stylesheet, the fonts) and refuses every other address, so a
    document never reaches the network or the rest of the file system."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = Path(url2pathname(parts.path)).resolve() if parts.scheme == "file" and not parts.netloc else None
        if path is None or not path.is_relative_to(STATIC_DIR) or not path.is_file():
            raise ValueError(f"Documents load only files from static/, not {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def render_html(document, printed_at=None):
    """The HTML a document is printed from, in the active language."""
    return render_to_string(document.template, {
        **document.context,
        "contest": document.contest,
        "title": document.title,
        "record_hash": document.hash,
        "printed_at": printed_at or timezone.now(),
        "page_number": mark_safe('<span class="page-number"></span>'),
        "page_count": mark_safe('<span class="page-count"></span>'),
    })


@functools.cache
def print_styles():
    """The fonts and style sheets, loaded once per process: loading the Sarabun faces for every
    document cost about a third of a score sheet's time."""
    fonts = FontConfiguration()
    sheets = {
        name: CSS(filename=str(STATIC_DIR / "css" / name), font_config=fonts, url_fetcher=StaticFilesOnly())
        for name in PRINT_STYLESHEETS
    }
    return fonts, sheets


def render_pdf(document):
    fonts, sheets = print_styles()
    html = HTML(string=render_html(document), base_url=STATIC_DIR.as_uri() + "/", url_fetcher=StaticFilesOnly())
    return html.write_pdf(stylesheets=[sheets[name] for name in document.stylesheets], font_config=fonts)


def pdf_response(document):
    response = HttpResponse(render_pdf(document), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    return response
