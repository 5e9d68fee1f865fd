"""Write Daftar's default survey instrument, ``resources/forms/daftar_governance.xlsx``.

Usage::

    python resources/tools/make_instrument.py [DEST]

The instrument is an ordinary XLSForm (``survey``, ``choices``, ``settings``) so that ODK or
KoboToolbox could open it too. Districts come from ``resources/districts.csv`` (a
``province`` column on the district list and a ``choice_filter`` on the province
question). Two extra columns carry what the analysis needs:

* ``daftar::construct`` — transparency | efficiency | satisfaction | accessibility | trust
  on each Likert item of the five constructs of the study (``tra_1`` … ``tru_4``);
* ``daftar::reverse`` — ``yes`` on the item worded the other way round (``tru_4``): the
  analysis scores it as 6 − answer.

Labels are short, plain sentences in English and Urdu, meant to be read aloud to people
with little schooling. Cell content is deterministic; :func:`sheets` is what a test
compares with the committed workbook.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEST = ROOT / "resources" / "forms" / "daftar_governance.xlsx"
FORM_ID = "daftar_governance"
VERSION = "2026113001"
EN, UR = "English (en)", "Urdu (ur)"

SURVEY_HEADER = [
    "type", "name", f"label::{EN}", f"label::{UR}", f"hint::{EN}", f"hint::{UR}",
    "required", f"required_message::{EN}", f"required_message::{UR}", "relevant",
    "constraint", f"constraint_message::{EN}", f"constraint_message::{UR}", "choice_filter",
    "calculation", "daftar::construct", "daftar::reverse",
]
CONSENTED = "${consent} = 'yes'"
REQ_EN = "Please choose an answer."
REQ_UR = "براہ کرم ایک جواب چنیں۔"

LIKERT = [
    ("1", "Strongly disagree", "بالکل متفق نہیں"),
    ("2", "Disagree", "متفق نہیں"),
    ("3", "Not sure", "کہہ نہیں سکتے"),
    ("4", "Agree", "متفق"),
    ("5", "Strongly agree", "بالکل متفق"),
]

#: construct → section labels and items (name, English, Urdu, reverse-coded).
CONSTRUCTS = {
    "transparency": (("Openness", "شفافیت"), [
        ("tra_1", "I can find out what is happening with my application.",
         "مجھے پتا چل جاتا ہے کہ میری درخواست کہاں تک پہنچی۔", False),
        ("tra_2", "Fees and rules are shown clearly to everyone.",
         "فیس اور قواعد سب کو صاف صاف بتائے جاتے ہیں۔", False),
        ("tra_3", "With computers, it is harder to ask for a bribe.",
         "کمپیوٹر کی وجہ سے رشوت مانگنا مشکل ہو گیا ہے۔", False),
        ("tra_4", "Officials tell people the reason for their decisions.",
         "افسران لوگوں کو اپنے فیصلوں کی وجہ بتاتے ہیں۔", False),
    ]),
    "efficiency": (("Speed of work", "کام کی رفتار"), [
        ("eff_1", "My work at the office gets done faster than before.",
         "دفتر میں میرا کام پہلے سے جلدی ہو جاتا ہے۔", False),
        ("eff_2", "I have to visit the office fewer times.",
         "مجھے دفتر کے کم چکر لگانے پڑتے ہیں۔", False),
        ("eff_3", "The work is done right the first time.",
         "کام پہلی بار میں ہی ٹھیک ہو جاتا ہے۔", False),
        ("eff_4", "I wait less in lines.",
         "مجھے قطار میں کم انتظار کرنا پڑتا ہے۔", False),
    ]),
    "satisfaction": (("Your satisfaction", "آپ کا اطمینان"), [
        ("sat_1", "I am happy with the service I got.",
         "مجھے جو سروس ملی اس سے میں خوش ہوں۔", False),
        ("sat_2", "I would tell others to use this service.",
         "میں دوسروں کو بھی یہ سروس استعمال کرنے کا کہوں گا۔", False),
        ("sat_3", "The service gave me what I needed.",
         "سروس سے میری ضرورت پوری ہوئی۔", False),
        ("sat_4", "The staff treated me with respect.",
         "عملے نے میرے ساتھ عزت سے بات کی۔", False),
    ]),
    "accessibility": (("Reaching the services", "سروس تک رسائی"), [
        ("acc_1", "I can use the services from my home or my phone.",
         "میں گھر یا فون سے سروس استعمال کر سکتا ہوں۔", False),
        ("acc_2", "The services are in a language I understand.",
         "سروس میری سمجھ میں آنے والی زبان میں ہے۔", False),
        ("acc_3", "Using the online service is easy for me.",
         "آن لائن سروس استعمال کرنا میرے لیے آسان ہے۔", False),
        ("acc_4", "When I do not know how to use it, I can get help.",
         "جب مجھے استعمال کرنا نہ آئے تو مجھے مدد مل جاتی ہے۔", False),
    ]),
    "trust": (("Trust", "بھروسہ"), [
        ("tru_1", "I believe my information is kept safe.",
         "مجھے یقین ہے کہ میری معلومات محفوظ رکھی جاتی ہیں۔", False),
        ("tru_2", "I trust the results the computer system gives.",
         "مجھے کمپیوٹر نظام کے نتائج پر بھروسہ ہے۔", False),
        ("tru_3", "The government uses my information only for my work.",
         "حکومت میری معلومات صرف میرے کام کے لیے استعمال کرتی ہے۔", False),
        ("tru_4", "I am afraid my information could be misused.",
         "مجھے ڈر ہے کہ میری معلومات کا غلط استعمال ہو سکتا ہے۔", True),
    ]),
}

DIGITAL = [
    ("dig_1", "I can send a message from a mobile phone.",
     "میں موبائل فون سے پیغام بھیج سکتا ہوں۔"),
    ("dig_2", "I can fill a form on a website or an app.",
     "میں ویب سائٹ یا ایپ پر فارم بھر سکتا ہوں۔"),
    ("dig_3", "I can find information on the internet.",
     "میں انٹرنیٹ پر معلومات ڈھونڈ سکتا ہوں۔"),
]

LISTS = {
    "yes_no": [("yes", "Yes", "ہاں"), ("no", "No", "نہیں")],
    "respondent_type": [
        ("citizen", "Citizen", "شہری"),
        ("government_employee", "Government employee", "سرکاری ملازم"),
        ("service_user", "Person who used an office service", "دفتر کی سروس لینے والا"),
    ],
    "area": [("urban", "City or town", "شہر یا قصبہ"), ("rural", "Village", "گاؤں")],
    "gender": [("female", "Woman", "عورت"), ("male", "Man", "مرد"),
               ("transgender", "Khwaja sira (transgender)", "خواجہ سرا"),
               ("no_answer", "Does not want to say", "بتانا نہیں چاہتے")],
    "age_group": [("18_24", "18 to 24 years", "18 سے 24 سال"),
                  ("25_34", "25 to 34 years", "25 سے 34 سال"),
                  ("35_44", "35 to 44 years", "35 سے 44 سال"),
                  ("45_54", "45 to 54 years", "45 سے 54 سال"),
                  ("55_plus", "55 years or more", "55 سال یا زیادہ")],
    "education": [("none", "Did not go to school", "اسکول نہیں گئے"),
                  ("primary", "Primary (class 5)", "پرائمری (پانچ جماعت)"),
                  ("middle", "Middle (class 8)", "مڈل (آٹھ جماعت)"),
                  ("matric", "Matric (class 10)", "میٹرک (دس جماعت)"),
                  ("intermediate", "Intermediate (class 12)", "انٹرمیڈیٹ (بارہ جماعت)"),
                  ("graduate", "Bachelor's degree or more", "بی اے یا اس سے زیادہ")],
    "internet": [("none", "No internet", "انٹرنیٹ نہیں"),
                 ("mobile", "On a mobile phone only", "صرف موبائل فون پر"),
                 ("home", "At home (wifi or cable) only", "صرف گھر پر (وائی فائی یا کیبل)"),
                 ("both", "On a mobile phone and at home", "موبائل فون پر بھی اور گھر پر بھی")],
}


def _row(kind: str, name: str, en: str = "", ur: str = "", **cols: str) -> list:
    values = {"type": kind, "name": name, f"label::{EN}": en, f"label::{UR}": ur}
    for key, value in cols.items():
        column = {"hint_en": f"hint::{EN}", "hint_ur": f"hint::{UR}",
                  "construct": "daftar::construct", "reverse": "daftar::reverse",
                  "constraint_en": f"constraint_message::{EN}",
                  "constraint_ur": f"constraint_message::{UR}"}.get(key, key)
        values[column] = value
    if values.get("required") == "yes":
        values[f"required_message::{EN}"] = REQ_EN
        values[f"required_message::{UR}"] = REQ_UR
    return [values.get(h, "") or None for h in SURVEY_HEADER]


def _districts() -> tuple[list[tuple], list[tuple]]:
    with (ROOT / "resources" / "districts.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    provinces = [(r["id"], r["name_en"], r["name_ur"]) for r in rows if r["level"] == "1"]
    districts = [(r["id"], r["name_en"], r["name_ur"], r["parent_id"])
                 for r in rows if r["level"] == "2"]
    districts.sort(key=lambda d: (d[3], d[1]))
    return provinces, districts


def survey_rows() -> list[list]:
    rows = [SURVEY_HEADER]
    add = rows.append
    add(_row("begin group", "start", "Before we begin", "شروع کرنے سے پہلے"))
    add(_row("note", "intro",
             "Read aloud: We are asking people about government offices and computers. "
             "It takes about 10 minutes. Your name is not written down. You can stop at "
             "any time.",
             "پڑھ کر سنائیں: ہم لوگوں سے سرکاری دفتروں اور کمپیوٹر کے بارے میں پوچھ رہے ہیں۔ "
             "اس میں تقریباً دس منٹ لگیں گے۔ آپ کا نام نہیں لکھا جائے گا۔ آپ کسی بھی وقت رک "
             "سکتے ہیں۔"))
    add(_row("select_one yes_no", "consent", "Do you agree to answer our questions?",
             "کیا آپ ہمارے سوالوں کے جواب دینے پر راضی ہیں؟", required="yes"))
    add(_row("note", "no_consent", "Thank the person. The interview ends here.",
             "شکریہ ادا کریں۔ انٹرویو یہیں ختم ہوتا ہے۔", relevant="${consent} = 'no'"))
    add(_row("end group", "", ))
    add(_row("begin group", "about", "About the person", "جواب دینے والے کے بارے میں",
             relevant=CONSENTED))
    add(_row("select_one respondent_type", "respondent_type", "Who is answering?",
             "جواب کون دے رہا ہے؟", required="yes"))
    add(_row("select_one province", "province", "Which province or region do you live in?",
             "آپ کس صوبے یا علاقے میں رہتے ہیں؟", required="yes"))
    add(_row("select_one district", "district", "Which district do you live in?",
             "آپ کس ضلع میں رہتے ہیں؟", required="yes", choice_filter="province = ${province}",
             hint_en="Only the districts of the province chosen above are shown.",
             hint_ur="صرف اوپر چنے گئے صوبے کے اضلاع دکھائے جاتے ہیں۔"))
    add(_row("select_one area", "area", "Do you live in a city or a village?",
             "آپ شہر میں رہتے ہیں یا گاؤں میں؟", required="yes"))
    add(_row("select_one gender", "gender", "Are you a man or a woman?",
             "آپ مرد ہیں یا عورت؟", required="yes"))
    add(_row("select_one age_group", "age_group", "How old are you?", "آپ کی عمر کتنی ہے؟",
             required="yes"))
    add(_row("select_one education", "education", "How far did you study?",
             "آپ نے کہاں تک تعلیم حاصل کی؟", required="yes"))
    add(_row("select_one internet", "internet_access", "Where can you use the internet?",
             "آپ انٹرنیٹ کہاں استعمال کر سکتے ہیں؟", required="yes"))
    add(_row("end group", ""))
    add(_row("begin group", "digital", "Using phones and computers",
             "فون اور کمپیوٹر کا استعمال", relevant=CONSENTED))
    add(_row("note", "digital_note",
             "Read each sentence. Ask: how much do you agree? Show the card with 5 answers.",
             "ہر جملہ پڑھیں۔ پوچھیں: آپ کتنا متفق ہیں؟ پانچ جوابوں والا کارڈ دکھائیں۔"))
    for name, en, ur in DIGITAL:
        add(_row("select_one likert", name, en, ur, required="yes"))
    add(_row("end group", ""))
    for construct, ((sec_en, sec_ur), items) in CONSTRUCTS.items():
        add(_row("begin group", construct, sec_en, sec_ur, relevant=CONSENTED))
        for name, en, ur, reverse in items:
            add(_row("select_one likert", name, en, ur, required="yes", construct=construct,
                     reverse="yes" if reverse else ""))
        add(_row("end group", ""))
    all_items = [n for _c, (_s, items) in CONSTRUCTS.items() for n, *_ in items]
    add(_row("calculate", "likert_answered", calculation=" + ".join(
        f"if(${{{n}}} != '', 1, 0)" for n in all_items)))
    add(_row("note", "thanks", "Thank the person for their time. The interview is finished.",
             "وقت دینے کا شکریہ ادا کریں۔ انٹرویو مکمل ہو گیا۔", relevant=CONSENTED))
    return rows


def choices_rows() -> list[list]:
    rows: list[list] = [["list_name", "name", f"label::{EN}", f"label::{UR}", "province"]]
    for name, en, ur in LIKERT:
        rows.append(["likert", name, f"{name} - {en}", f"{name} - {ur}", None])
    for list_name, items in LISTS.items():
        rows.extend([list_name, n, en, ur, None] for n, en, ur in items)
    provinces, districts = _districts()
    rows.extend(["province", pid, en, ur, None] for pid, en, ur in provinces)
    rows.extend(["district", did, en, ur, parent] for did, en, ur, parent in districts)
    return rows


def settings_rows() -> list[list]:
    return [["form_title", "form_id", "version", "default_language"],
            ["Digital government services survey", FORM_ID, VERSION, EN]]


def sheets() -> dict[str, list[list]]:
    """Sheet name → rows of cell values (``None`` for an empty cell)."""
    return {"survey": survey_rows(), "choices": choices_rows(), "settings": settings_rows()}


def write(dest: Path = DEST) -> Path:
    import datetime as dt

    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets().items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    fixed = dt.datetime(2026, 11, 30)
    wb.properties.created = wb.properties.modified = fixed
    dest.parent.mkdir(parents=True, exist_ok=True)
    wb.save(dest)
    return dest


if __name__ == "__main__":
    print(write(Path(sys.argv[1]) if len(sys.argv) > 1 else DEST))
