<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ur_PK" sourcelanguage="en">
    <context>
        <name>AboutDialog</name>
        <message>
            <location filename="../../desktop/help.py" line="122" />
            <source>About Daftar</source>
            <translation>دفتر کے بارے میں</translation>
        </message>
        <message>
            <location filename="../../desktop/help.py" line="128" />
            <source>Service requests with an audit trail, surveys and sync for district offices. Everything is saved on this PC first.</source>
            <translation>ضلعی دفاتر کے لیے سروس کی درخواستیں (پورے ریکارڈ کے ساتھ)، سروے اور سرور کو بھیجنا۔ ہر چیز پہلے اسی کمپیوٹر پر محفوظ ہوتی ہے۔</translation>
        </message>
    </context>
    <context>
        <name>AddPersonDialog</name>
        <message>
            <location filename="../../desktop/people_dialog.py" line="275" />
            <source>Add a person</source>
            <translation>نیا شخص شامل کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="276" />
            <source>The name is written on every step this person takes. They sign in with the user name and the password; tell them the password in person.</source>
            <translation>اس شخص کے ہر قدم کے ساتھ اس کا نام لکھا جاتا ہے۔ وہ صارف نام اور پاس ورڈ سے سائن ان کریں گے؛ پاس ورڈ انہیں خود مل کر بتائیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="278" />
            <source>Add person</source>
            <translation>شخص شامل کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="282" />
            <source>Name</source>
            <translation>نام</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="283" />
            <source>User name</source>
            <translation>صارف نام</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="284" />
            <source>e.g. sana.iqbal</source>
            <translation>مثلاً ⁦sana.iqbal⁩</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="289" />
            <source>Work</source>
            <translation>عہدہ</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="290" />
            <source>Password</source>
            <translation>پاس ورڈ</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="291" />
            <source>Password again</source>
            <translation>پاس ورڈ دوبارہ</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="303" />
            <source>Please write the person's name.</source>
            <translation>اس شخص کا نام لکھیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="306" />
            <source>Please type a password.</source>
            <translation>پاس ورڈ لکھیں۔</translation>
        </message>
    </context>
    <context>
        <name>AdminPage</name>
        <message>
            <location filename="../../desktop/first_run.py" line="158" />
            <source>The office admin</source>
            <translation>دفتر ایڈمن</translation>
        </message>
        <message>
            <location filename="../../desktop/first_run.py" line="159" />
            <source>This PC has no accounts yet. The first one is the office admin's, who then adds the clerks, supervisors and enumerators in Settings and resets their passwords. Keep this password safe.</source>
            <translation>اس کمپیوٹر پر ابھی کوئی اکاؤنٹ نہیں۔ پہلا اکاؤنٹ دفتر ایڈمن کا ہوتا ہے، جو پھر ترتیبات میں کلرک، سپروائزر اور سروے کرنے والے شامل کرتا ہے اور ان کے پاس ورڈ نئے سرے سے مقرر کرتا ہے۔ یہ پاس ورڈ محفوظ رکھیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/first_run.py" line="168" />
            <source>At least 10 characters: a few words are easy to remember and hard to guess</source>
            <translation>کم از کم 10 حروف: چند الفاظ یاد رکھنا آسان اور ان کا اندازہ لگانا مشکل ہوتا ہے</translation>
        </message>
        <message>
            <location filename="../../desktop/first_run.py" line="203" />
            <source>Making the account…</source>
            <translation>اکاؤنٹ بن رہا ہے…</translation>
        </message>
        <message>
            <location filename="../../desktop/first_run.py" line="215" />
            <source>The office admin's account is made: sign in as {username}.</source>
            <translation>دفتر ایڈمن کا اکاؤنٹ بن گیا: صارف نام ⁦{username}⁩ سے سائن ان کریں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/first_run.py" line="231" />
            <source>Something went wrong; no account was made. Try again.</source>
            <translation>کچھ غلط ہو گیا؛ کوئی اکاؤنٹ نہیں بنا۔ دوبارہ کوشش کریں۔</translation>
        </message>
    </context>
    <context>
        <name>AnalysisPage</name>
        <message>
            <location filename="../../desktop/analysis_page.py" line="371" />
            <source>Analysis</source>
            <translation>تجزیہ</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="379" />
            <source>Save report (PDF)…</source>
            <translation>رپورٹ محفوظ کریں (PDF)…</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="381" />
            <source>Save the tables and charts as a PDF file</source>
            <translation>جدول اور چارٹ PDF فائل میں محفوظ کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="384" />
            <source>Export data…</source>
            <translation>ڈیٹا نکالیں…</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="387" />
            <source>Save the analysed interviews for SPSS, Stata, Excel or as CSV</source>
            <translation>تجزیہ شدہ انٹرویو SPSS، Stata، Excel یا CSV کے لیے محفوظ کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="425" />
            <location filename="../../desktop/analysis_page.py" line="717" />
            <source>District</source>
            <translation>ضلع</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="425" />
            <source>All districts</source>
            <translation>تمام اضلاع</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="426" />
            <location filename="../../desktop/analysis_page.py" line="716" />
            <source>Area</source>
            <translation>علاقہ</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="426" />
            <source>Urban and rural</source>
            <translation>شہری اور دیہی</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="427" />
            <source>Respondent</source>
            <translation>جواب دینے والا</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="427" />
            <source>All respondents</source>
            <translation>تمام جواب دینے والے</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="428" />
            <source>Form version</source>
            <translation>فارم کا ورژن</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="428" />
            <source>All versions</source>
            <translation>تمام ورژن</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="453" />
            <source>Finished between</source>
            <translation>مکمل ہونے کی تاریخ</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="467" />
            <source>and</source>
            <translation>تا</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="473" />
            <source>Leave out:</source>
            <translation>نکال دیں:</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="490" />
            <location filename="../../desktop/analysis_page.py" line="677" />
            <source>Run analysis</source>
            <translation>تجزیہ کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="492" />
            <source>Compute the tables and charts for the chosen interviews (F5)</source>
            <translation>چنے گئے انٹرویو کے جدول اور چارٹ بنائیں (F5)</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="502" />
            <source>Same answer throughout</source>
            <translation>ہر جگہ ایک ہی جواب</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="503" />
            <source>Too fast</source>
            <translation>بہت تیز</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="504" />
            <source>Incomplete</source>
            <translation>نامکمل</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="508" />
            <source>Straight-lining: the same answer to every agree/disagree statement</source>
            <translation>ہر متفق/غیر متفق بیان کا ایک ہی جواب</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="510" />
            <source>Speeding: less than 2 seconds per statement</source>
            <translation>بہت جلدی: ہر بیان پر 2 سیکنڈ سے کم</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="511" />
            <source>At least one statement not answered</source>
            <translation>کم از کم ایک بیان کا جواب نہیں دیا گیا</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="518" />
            <source>Tables 1 and 2</source>
            <translation>جدول 1 اور 2</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="522" />
            <source>Correlations</source>
            <translation>باہمی تعلق</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="525" />
            <source>Items and reliability</source>
            <translation>سوالات اور اعتبار</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="528" />
            <source>Group comparisons</source>
            <translation>گروہوں کا موازنہ</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="536" />
            <source>Charts</source>
            <translation>چارٹ</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="608" />
            <source>The analysis could not be computed. The interviews are safe; try other filters, or tell the district IT officer.</source>
            <translation>تجزیہ نہیں ہو سکا۔ انٹرویو محفوظ ہیں؛ دوسرے فلٹر آزمائیں، یا ضلع کے آئی ٹی افسر کو بتائیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="618" />
            <source>The {n} finished interviews on this PC are sealed: only the central analysts can read their answers, so there is nothing to analyse here.</source>
            <translation>اس کمپیوٹر پر موجود {n} مکمل انٹرویو مہر بند ہیں: ان کے جواب صرف مرکزی تجزیہ کار پڑھ سکتے ہیں، اس لیے یہاں تجزیے کے لیے کچھ نہیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="623" />
            <source>No finished interviews yet — the tables and charts appear here once interviews have been finished on the Surveys screen (or received by sync).</source>
            <translation>ابھی کوئی مکمل انٹرویو نہیں — سروے والی اسکرین پر انٹرویو مکمل ہونے (یا سرور سے آنے) کے بعد جدول اور چارٹ یہاں نظر آئیں گے۔</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="627" />
            <source>Too few interviews for an analysis with these choices: {n} (at least {min} are needed). Choose wider filters or leave out fewer.</source>
            <translation>ان انتخابات کے ساتھ تجزیے کے لیے انٹرویو بہت کم ہیں: {n} (کم از کم {min} چاہییں)۔ فلٹر کھلے رکھیں یا کم انٹرویو نکالیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="645" />
            <source>{n} finished interviews on this PC</source>
            <translation>اس کمپیوٹر پر {n} مکمل انٹرویو</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="677" />
            <source>Computing…</source>
            <translation>حساب ہو رہا ہے…</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="691" />
            <source>{n} interviews analysed of {total} finished</source>
            <translation>{total} مکمل انٹرویو میں سے {n} کا تجزیہ ہوا</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="694" />
            <source> ({n} left out by the checks)</source>
            <translation> (جانچ کے بعد {n} نکالے گئے)</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="716" />
            <source>Respondent type</source>
            <translation>جواب دینے والے کی قسم</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="717" />
            <source>Gender</source>
            <translation>جنس</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="718" />
            <source>Province</source>
            <translation>صوبہ</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="718" />
            <source>Test</source>
            <translation>ٹیسٹ</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="719" />
            <source>Effect size</source>
            <translation>اثر کی مقدار</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="738" />
            <source>Descriptive Statistics and Reliability of the Study Constructs</source>
            <translation>مطالعے کے تصورات کے بنیادی اعداد و شمار اور اعتبار</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="739" />
            <location filename="../../desktop/analysis_page.py" line="772" />
            <source>Construct</source>
            <translation>تصور</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="739" />
            <source>95 % CI</source>
            <translation>95 % CI</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="740" />
            <source>N = {n}. Construct scores are item means on a 1–5 scale (reverse-worded items recoded). α = Cronbach's alpha. CI = confidence interval of the mean.</source>
            <translation>N = {n}۔ تصور کا اسکور سوالات کا اوسط ہے، پیمانہ 1–5 (الٹے سوالات پلٹے گئے)۔ α = کرونباخ الفا۔ CI = اوسط کا اعتماد کا وقفہ۔</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="750" />
            <source>R²</source>
            <translation>R²</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="751" />
            <source>Adjusted R²</source>
            <translation>درست شدہ R²</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="755" />
            <source>Regression Predicting {outcome}</source>
            <translation>{outcome} کی پیش گوئی کا ریگریشن</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="756" />
            <source>Predictor</source>
            <translation>پیش گو متغیر</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="757" />
            <source>β = standardized coefficient; SE = its standard error. Ordinary least squares.</source>
            <translation>β = معیاری ضریب؛ SE = اس کی معیاری غلطی۔ عام کم از کم مربعات۔</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="784" />
            <source>1 (continued)</source>
            <translation>1 (جاری)</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="784" />
            <source>Correlations between the Constructs</source>
            <translation>تصورات کے درمیان باہمی تعلق</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="785" />
            <source>Pearson r, pairwise complete. *p &lt; .05. **p &lt; .01. ***p &lt; .001.</source>
            <translation>پیئرسن r، جوڑوں میں مکمل۔ *p &lt; .05. **p &lt; .01. ***p &lt; .001.</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="817" />
            <source>Save report</source>
            <translation>رپورٹ محفوظ کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="818" />
            <source>PDF files (*.pdf)</source>
            <translation>PDF فائلیں (*.pdf)</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="828" />
            <source>Saving the report…</source>
            <translation>رپورٹ محفوظ ہو رہی ہے…</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="848" />
            <source>Exporting…</source>
            <translation>ڈیٹا نکالا جا رہا ہے…</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="855" />
            <source>Saved: {files}</source>
            <translation>محفوظ ہو گیا: {files}</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="862" />
            <source>The file could not be written ({reason}). Choose another folder, e.g. Documents, and try again.</source>
            <translation>فائل نہیں لکھی جا سکی ({reason})۔ کوئی اور فولڈر چنیں، مثلاً Documents، اور دوبارہ کوشش کریں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="866" />
            <source>The file could not be written. The interviews are safe; try again or tell the district IT officer.</source>
            <translation>فائل نہیں لکھی جا سکی۔ انٹرویو محفوظ ہیں؛ دوبارہ کوشش کریں یا ضلع کے آئی ٹی افسر کو بتائیں۔</translation>
        </message>
    </context>
    <context>
        <name>ApaTable</name>
        <message>
            <location filename="../../desktop/analysis_page.py" line="266" />
            <source>Table {n}</source>
            <translation>جدول {n}</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="298" />
            <source>Note.</source>
            <translation>نوٹ:</translation>
        </message>
    </context>
    <context>
        <name>ChoiceBox</name>
        <message>
            <location filename="../../desktop/survey_form.py" line="342" />
            <source>— choose —</source>
            <translation>— چنیں —</translation>
        </message>
    </context>
    <context>
        <name>ConnectDialog</name>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="69" />
            <location filename="../../desktop/connect_dialog.py" line="79" />
            <source>Connect to the server</source>
            <translation>سرور سے جوڑیں</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="81" />
            <source>Records saved on this PC are sent to the central server of the district. Ask the central admin for a one-time token for this office, then type it here with the server's address.</source>
            <translation>اس کمپیوٹر پر محفوظ ریکارڈ ضلع کے مرکزی سرور کو بھیجے جاتے ہیں۔ مرکزی ایڈمن سے اس دفتر کے لیے ایک بار کا ٹوکن لیں، پھر اسے سرور کے پتے کے ساتھ یہاں لکھیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="91" />
            <source>e.g. https://daftar.punjab.gov.pk</source>
            <translation>مثلاً https://daftar.punjab.gov.pk</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="93" />
            <source>The one-time token from the central admin</source>
            <translation>مرکزی ایڈمن سے ملا ایک بار کا ٹوکن</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="96" />
            <source>The device key of this PC</source>
            <translation>اس کمپیوٹر کا خفیہ کوڈ</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="98" />
            <source>Type this PC's device key below, or press “Create a new key” and keep the key somewhere safe (for example in a password manager).</source>
            <translation>نیچے اس کمپیوٹر کا خفیہ کوڈ لکھیں، یا ”نیا کوڈ بنائیں“ دبائیں اور کوڈ کسی محفوظ جگہ رکھیں (مثلاً پاس ورڈ مینیجر میں)۔</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="105" />
            <source>Create a new key</source>
            <translation>نیا کوڈ بنائیں</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="109" />
            <source>This is the new device key. Copy it and keep it safe now: Daftar will ask for it each time it starts, and never writes it to a file.</source>
            <translation>یہ نیا خفیہ کوڈ ہے۔ اسے ابھی کاپی کر کے محفوظ رکھیں: دفتر ہر بار شروع ہونے پر یہ پوچھے گا، اور اسے کبھی فائل میں نہیں لکھتا۔</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="118" />
            <source>Server address</source>
            <translation>سرور کا پتا</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="120" />
            <source>One-time token</source>
            <translation>ایک بار کا ٹوکن</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="122" />
            <source>Device key</source>
            <translation>خفیہ کوڈ</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="141" />
            <source>Cancel</source>
            <translation>منسوخ</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="143" />
            <source>Close without connecting (Esc)</source>
            <translation>جوڑے بغیر بند کریں (Esc)</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="146" />
            <location filename="../../desktop/connect_dialog.py" line="239" />
            <source>Connect</source>
            <translation>جوڑیں</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="149" />
            <source>Connect this PC to the server (Enter)</source>
            <translation>اس کمپیوٹر کو سرور سے جوڑیں (Enter)</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="200" />
            <source>Type the server's address, e.g. https://daftar.punjab.gov.pk</source>
            <translation>سرور کا پتا لکھیں، مثلاً https://daftar.punjab.gov.pk</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="208" />
            <source>Type the one-time token from the central admin.</source>
            <translation>مرکزی ایڈمن سے ملا ایک بار کا ٹوکن لکھیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="212" />
            <source>Type the device key, or press “Create a new key”.</source>
            <translation>خفیہ کوڈ لکھیں، یا ”نیا کوڈ بنائیں“ دبائیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="239" />
            <source>Connecting…</source>
            <translation>جوڑا جا رہا ہے…</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="258" />
            <source>No Daftar server answered at this address. Check the address and that this PC is connected to the network, then try again.</source>
            <translation>اس پتے پر کسی دفتر سرور نے جواب نہیں دیا۔ پتا چیک کریں اور دیکھیں کہ کمپیوٹر نیٹ ورک سے جڑا ہے، پھر دوبارہ کوشش کریں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="275" />
            <source>Something went wrong; nothing was changed. What you typed is still here: press Connect to try again.</source>
            <translation>کچھ غلط ہو گیا؛ کچھ نہیں بدلا۔ آپ کا لکھا ہوا یہیں ہے: دوبارہ کوشش کے لیے ”جوڑیں“ دبائیں۔</translation>
        </message>
    </context>
    <context>
        <name>DashboardPage</name>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="50" />
            <source>Last 30 days</source>
            <translation>پچھلے 30 دن</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="50" />
            <source>Last 90 days</source>
            <translation>پچھلے 90 دن</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="51" />
            <source>Last 12 months</source>
            <translation>پچھلے 12 مہینے</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="51" />
            <source>All time</source>
            <translation>شروع سے اب تک</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="179" />
            <source>Dashboard</source>
            <translation>ڈیش بورڈ</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="192" />
            <source>Period</source>
            <translation>مدت</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="200" />
            <source>Refresh</source>
            <translation>تازہ کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="202" />
            <source>Count everything again (F5)</source>
            <translation>سب دوبارہ گنیں (F5)</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="211" />
            <source>Open requests</source>
            <translation>کھلی درخواستیں</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="212" />
            <location filename="../../desktop/dashboard_page.py" line="256" />
            <source>Overdue</source>
            <translation>تاخیر</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="213" />
            <source>Received today</source>
            <translation>آج موصول</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="214" />
            <source>Received in the last 30 days</source>
            <translation>پچھلے 30 دن میں موصول</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="216" />
            <source>Completed within the time limit</source>
            <translation>وقت پر مکمل</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="218" />
            <source>Citizens' mean rating (1–5)</source>
            <translation>شہریوں کی اوسط رائے (1–5)</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="241" />
            <location filename="../../desktop/dashboard_page.py" line="250" />
            <source>Service</source>
            <translation>سروس</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="241" />
            <source>Received</source>
            <translation>موصول</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="241" />
            <source>Completed</source>
            <translation>مکمل</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="242" />
            <source>Backlog</source>
            <translation>باقی کام</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="242" />
            <source>Median
days</source>
            <translation>درمیانی
دن</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="242" />
            <source>On
time</source>
            <translation>وقت
پر</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="243" />
            <source>Mean
rating</source>
            <translation>اوسط
رائے</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="244" />
            <source>Median days: from registration to completion. On time: share completed by the due date. Rating: citizens' mean rating, 1–5.</source>
            <translation>درمیانی دن: اندراج سے مکمل ہونے تک۔ وقت پر: آخری تاریخ تک مکمل ہونے والا حصہ۔ رائے: شہریوں کی اوسط رائے، 1–5۔</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="248" />
            <source>By service</source>
            <translation>سروس کے حساب سے</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="250" />
            <source>Tracking number</source>
            <translation>ٹریکنگ نمبر</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="250" />
            <source>Status</source>
            <translation>حالت</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="251" />
            <source>Due</source>
            <translation>آخری تاریخ</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="251" />
            <source>Days late</source>
            <translation>تاخیر کے دن</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="254" />
            <source>Open a request with Enter or a double click</source>
            <translation>درخواست Enter یا ڈبل کلک سے کھولیں</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="304" />
            <source>The figures could not be read. Your records are safe; press Refresh, or tell the district IT officer.</source>
            <translation>اعداد نہیں پڑھے جا سکے۔ آپ کے ریکارڈ محفوظ ہیں؛ ”تازہ کریں“ دبائیں، یا ضلع کے آئی ٹی افسر کو بتائیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="319" />
            <source>as of {day}</source>
            <translation>{day} تک</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="332" />
            <source>Open requests past their due date</source>
            <translation>وہ کھلی درخواستیں جن کی آخری تاریخ گزر گئی</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="340" />
            <source>{n} requests completed ({period})</source>
            <translation>{n} درخواستیں مکمل ({period})</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="346" />
            <source>{n} ratings ({period})</source>
            <translation>{n} رائے ({period})</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="347" />
            <source>No citizen has rated a completed request yet</source>
            <translation>ابھی کسی شہری نے مکمل درخواست پر رائے نہیں دی</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="417" />
            <source>Overdue ({n})</source>
            <translation>تاخیر ({n})</translation>
        </message>
        <message>
            <location filename="../../desktop/dashboard_page.py" line="419" />
            <source>The {shown} most overdue of {total}; open a request with Enter or a double click</source>
            <translation>{total} میں سے سب سے زیادہ تاخیر والی {shown}؛ درخواست Enter یا ڈبل کلک سے کھولیں</translation>
        </message>
    </context>
    <context>
        <name>DeviceKeyDialog</name>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="299" />
            <source>Device key</source>
            <translation>خفیہ کوڈ</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="304" />
            <source>Type the device key</source>
            <translation>خفیہ کوڈ لکھیں</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="319" />
            <source>Cancel</source>
            <translation>منسوخ</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="322" />
            <source>Use this key</source>
            <translation>یہ کوڈ استعمال کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/connect_dialog.py" line="340" />
            <source>Type the device key that was created when this PC was connected.</source>
            <translation>وہ خفیہ کوڈ لکھیں جو اس کمپیوٹر کو جوڑتے وقت بنا تھا۔</translation>
        </message>
    </context>
    <context>
        <name>ExportDialog</name>
        <message>
            <location filename="../../desktop/analysis_page.py" line="879" />
            <source>Export data</source>
            <translation>ڈیٹا نکالیں</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="881" />
            <source>Saves the {n} interviews of this analysis, with their construct scores and quality flags.</source>
            <translation>اس تجزیے کے {n} انٹرویو، ان کے اسکور اور جانچ کے نشانات کے ساتھ، محفوظ کرتا ہے۔</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="891" />
            <source>Format</source>
            <translation>فائل کی قسم</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="895" />
            <source>Choose…</source>
            <translation>چنیں…</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="899" />
            <source>Folder</source>
            <translation>فولڈر</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="901" />
            <source>Also export the service requests (without names, CNICs or phone numbers)</source>
            <translation>سروس کی درخواستیں بھی نکالیں (نام، شناختی کارڈ نمبر اور فون نمبر کے بغیر)</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="906" />
            <source>Export</source>
            <translation>نکالیں</translation>
        </message>
        <message>
            <location filename="../../desktop/analysis_page.py" line="914" />
            <source>Export to folder</source>
            <translation>فولڈر میں نکالیں</translation>
        </message>
    </context>
    <context>
        <name>FirstAdminDialog</name>
        <message>
            <location filename="../../desktop/sign_in.py" line="196" />
            <source>Daftar</source>
            <translation>دفتر</translation>
        </message>
        <message>
            <location filename="../../desktop/sign_in.py" line="200" />
            <source>Create the office admin</source>
            <translation>دفتر ایڈمن کا اکاؤنٹ بنائیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sign_in.py" line="202" />
            <source>Nobody has an account on this PC yet. The office admin adds the other people of the office and can unlock this PC's data if its key is lost: choose a password only they know, and keep it safe.</source>
            <translation>اس کمپیوٹر پر ابھی کسی کا اکاؤنٹ نہیں۔ دفتر ایڈمن دفتر کے باقی لوگوں کو شامل کرتا ہے، اور اگر اس کمپیوٹر کے ڈیٹا کی خفیہ چابی گم ہو جائے تو ڈیٹا کھول سکتا ہے: ایسا پاس ورڈ چنیں جو صرف دفتر ایڈمن کو معلوم ہو، اور اسے محفوظ رکھیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/sign_in.py" line="210" />
            <source>Name</source>
            <translation>نام</translation>
        </message>
        <message>
            <location filename="../../desktop/sign_in.py" line="210" />
            <source>Password (10 characters or more)</source>
            <translation>پاس ورڈ (10 یا زیادہ حروف)</translation>
        </message>
        <message>
            <location filename="../../desktop/sign_in.py" line="216" />
            <source>Create and sign in</source>
            <translation>بنائیں اور سائن ان کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/sign_in.py" line="230" />
            <source>The two passwords are not the same.</source>
            <translation>دونوں پاس ورڈ ایک جیسے نہیں۔</translation>
        </message>
    </context>
    <context>
        <name>FirstRunWizard</name>
        <message>
            <location filename="../../desktop/first_run.py" line="337" />
            <source>Setting up Daftar</source>
            <translation>دفتر کی تیاری</translation>
        </message>
        <message>
            <location filename="../../desktop/first_run.py" line="354" />
            <source>Start working</source>
            <translation>کام شروع کریں</translation>
        </message>
    </context>
    <context>
        <name>HelpDialog</name>
        <message>
            <location filename="../../desktop/help.py" line="61" />
            <source>Help</source>
            <translation>مدد</translation>
        </message>
        <message>
            <location filename="../../desktop/help.py" line="84" />
            <source>About Daftar</source>
            <translation>دفتر کے بارے میں</translation>
        </message>
    </context>
    <context>
        <name>LanguagePage</name>
        <message>
            <location filename="../../desktop/first_run.py" line="74" />
            <source>Welcome to Daftar — دفتر میں خوش آمدید</source>
            <translation>دفتر میں خوش آمدید — Welcome to Daftar</translation>
        </message>
        <message>
            <location filename="../../desktop/first_run.py" line="75" />
            <source>Choose the language of the screens. You can change it later in Settings.</source>
            <translation>اسکرینوں کی زبان چنیں۔ آپ اسے بعد میں ترتیبات میں بدل سکتے ہیں۔</translation>
        </message>
    </context>
    <context>
        <name>LikertBox</name>
        <message>
            <location filename="../../desktop/survey_form.py" line="284" />
            <source>Press {key}</source>
            <translation>⁦{key}⁩ دبائیں</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../desktop/main_window.py" line="86" />
            <location filename="../../desktop/main_window.py" line="212" />
            <location filename="../../desktop/main_window.py" line="320" />
            <source>Daftar</source>
            <translation>دفتر</translation>
        </message>
        <message>
            <location filename="../../desktop/main_window.py" line="102" />
            <location filename="../../desktop/main_window.py" line="321" />
            <source>New request</source>
            <translation>نئی درخواست</translation>
        </message>
        <message>
            <location filename="../../desktop/main_window.py" line="105" />
            <location filename="../../desktop/main_window.py" line="322" />
            <source>Register a citizen's request ({key})</source>
            <translation>شہری کی درخواست درج کریں (⁦{key}⁩)</translation>
        </message>
        <message>
            <location filename="../../desktop/main_window.py" line="111" />
            <location filename="../../desktop/main_window.py" line="324" />
            <source>Sync now</source>
            <translation>ابھی سرور کو بھیجیں</translation>
        </message>
        <message>
            <location filename="../../desktop/main_window.py" line="114" />
            <location filename="../../desktop/main_window.py" line="325" />
            <source>Send what is waiting and fetch changes from the server now ({key})</source>
            <translation>جو بھیجنا باقی ہے بھیجیں اور سرور سے تبدیلیاں ابھی لائیں (⁦{key}⁩)</translation>
        </message>
        <message>
            <location filename="../../desktop/main_window.py" line="119" />
            <location filename="../../desktop/main_window.py" line="265" />
            <location filename="../../desktop/main_window.py" line="335" />
            <source>Help</source>
            <translation>مدد</translation>
        </message>
        <message>
            <location filename="../../desktop/main_window.py" line="132" />
            <source>Lock</source>
            <translation>لاک کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/main_window.py" line="245" />
            <location filename="../../desktop/main_window.py" line="332" />
            <source>Coming in a later version</source>
            <translation>اگلے ورژن میں آئے گا</translation>
        </message>
        <message>
            <location filename="../../desktop/main_window.py" line="266" />
            <source>Help for this screen ({key})</source>
            <translation>اس اسکرین کے بارے میں مدد (⁦{key}⁩)</translation>
        </message>
        <message>
            <location filename="../../desktop/main_window.py" line="270" />
            <source>Requests</source>
            <translation>درخواستیں</translation>
        </message>
        <message>
            <location filename="../../desktop/main_window.py" line="271" />
            <source>Surveys</source>
            <translation>سروے</translation>
        </message>
        <message>
            <location filename="../../desktop/main_window.py" line="272" />
            <source>Dashboard</source>
            <translation>ڈیش بورڈ</translation>
        </message>
        <message>
            <location filename="../../desktop/main_window.py" line="273" />
            <source>Analysis</source>
            <translation>تجزیہ</translation>
        </message>
        <message>
            <location filename="../../desktop/main_window.py" line="274" />
            <source>Sync</source>
            <translation>سرور کو بھیجیں</translation>
        </message>
        <message>
            <location filename="../../desktop/main_window.py" line="275" />
            <source>Settings</source>
            <translation>ترتیبات</translation>
        </message>
        <message>
            <location filename="../../desktop/main_window.py" line="309" />
            <source>Signed in: {name} ({role})</source>
            <translation>صارف: ⁨{name}⁩ ({role})</translation>
        </message>
        <message>
            <location filename="../../desktop/main_window.py" line="313" />
            <source>Show Daftar in {language} ({key})</source>
            <translation>دفتر {language} میں دکھائیں (⁦{key}⁩)</translation>
        </message>
        <message>
            <location filename="../../desktop/main_window.py" line="485" />
            <source>The audit trail on this PC is broken: a saved step was changed or removed outside Daftar. Nothing was repaired. Tell the office admin and IT; the command "daftar audit verify" shows the details.</source>
            <translation>اس کمپیوٹر پر کاموں کا ریکارڈ (audit trail) ٹوٹ گیا ہے: محفوظ کیا گیا کوئی قدم دفتر پروگرام سے باہر بدلا یا ہٹایا گیا ہے۔ کچھ بھی درست نہیں کیا گیا۔ دفتر ایڈمن اور آئی ٹی کو بتائیں؛ کمانڈ ⁦daftar audit verify⁩ تفصیل دکھاتی ہے۔</translation>
        </message>
        <message>
            <location filename="../../desktop/main_window.py" line="521" />
            <source>{name}, your sign-in has ended after {hours} hours. Type your password to go on.</source>
            <translation>⁨{name}⁩، {hours} گھنٹے بعد آپ کا سائن ان ختم ہو گیا ہے۔ کام جاری رکھنے کے لیے اپنا پاس ورڈ لکھیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/main_window.py" line="591" />
            <source>Interview saved as final; it will be sent with the next sync.</source>
            <translation>انٹرویو مکمل محفوظ ہو گیا؛ اگلی بار سرور کو بھیجا جائے گا۔</translation>
        </message>
    </context>
    <context>
        <name>NewRequestDialog</name>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="74" />
            <location filename="../../desktop/new_request_dialog.py" line="114" />
            <source>New request</source>
            <translation>نئی درخواست</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="116" />
            <source>Ask the citizen for each item in this order. Fields marked (optional) may stay empty.</source>
            <translation>شہری سے ہر چیز اسی ترتیب سے پوچھیں۔ (اختیاری) والے خانے خالی رہ سکتے ہیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="129" />
            <source>e.g. 35202-1234567-1</source>
            <translation>مثلاً ⁦35202-1234567-1⁩</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="131" />
            <source>The 13 digits on the citizen's CNIC card; dashes are optional.</source>
            <translation>شہری کے شناختی کارڈ کے 13 ہندسے؛ ڈیش لگانا ضروری نہیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="138" />
            <source>e.g. 0300-1234567</source>
            <translation>مثلاً ⁦0300-1234567⁩</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="145" />
            <source>Type a few letters to search, or open the list</source>
            <translation>تلاش کے لیے چند حروف لکھیں، یا فہرست کھولیں</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="151" />
            <source>What the citizen asks for, in their words (Shift+Enter for a new line)</source>
            <translation>شہری کیا چاہتا ہے، اسی کے الفاظ میں (نئی لائن کے لیے Shift+Enter)</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="167" />
            <source>CNIC number</source>
            <translation>شناختی کارڈ نمبر</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="168" />
            <source>Name</source>
            <translation>نام</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="169" />
            <source>Mobile number (optional)</source>
            <translation>موبائل نمبر (اختیاری)</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="170" />
            <source>Service</source>
            <translation>سروس</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="171" />
            <source>Description (optional)</source>
            <translation>تفصیل (اختیاری)</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="216" />
            <source>Cancel</source>
            <translation>منسوخ</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="218" />
            <source>Close without saving (Esc)</source>
            <translation>محفوظ کیے بغیر بند کریں (Esc)</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="222" />
            <location filename="../../desktop/new_request_dialog.py" line="425" />
            <source>Register</source>
            <translation>درج کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="224" />
            <source>Save the request and get its tracking number (Enter)</source>
            <translation>درخواست محفوظ کریں اور ٹریکنگ نمبر لیں (Enter)</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="248" />
            <location filename="../../desktop/new_request_dialog.py" line="479" />
            <source>Request registered</source>
            <translation>درخواست درج ہو گئی</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="253" />
            <source>Give the citizen this tracking number on the printed receipt:</source>
            <translation>شہری کو یہ ٹریکنگ نمبر چھپی ہوئی رسید پر دیں:</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="280" />
            <source>Open request</source>
            <translation>درخواست کھولیں</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="285" />
            <source>Done</source>
            <translation>ہو گیا</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="288" />
            <source>Close this window (Esc)</source>
            <translation>یہ ونڈو بند کریں (Esc)</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="291" />
            <source>Print receipt</source>
            <translation>رسید پرنٹ کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="345" />
            <source>1 working day</source>
            <translation>1 کام کا دن</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="346" />
            <source>{days} working days</source>
            <translation>{days} کام کے دن</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="349" />
            <source>Official fee:</source>
            <translation>سرکاری فیس:</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="351" />
            <source>Time limit:</source>
            <translation>مقررہ وقت:</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="355" />
            <source>Documents to bring:</source>
            <translation>ساتھ لانے والے کاغذات:</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="398" />
            <source>Known citizen: name and mobile filled in from an earlier request. Check them with the citizen.</source>
            <translation>پہلے سے درج شہری: نام اور موبائل نمبر پچھلی درخواست سے بھرے گئے۔ شہری سے تصدیق کریں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="400" />
            <source>Known citizen: {name}.</source>
            <translation>پہلے سے درج شہری: ⁨{name}⁩۔</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="425" />
            <source>Saving…</source>
            <translation>محفوظ ہو رہا ہے…</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="441" />
            <source>Please choose a service from the list.</source>
            <translation>فہرست میں سے سروس چنیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="449" />
            <source>Something went wrong; nothing was saved. What you typed is still here: press Register to try again.</source>
            <translation>کچھ غلط ہو گیا؛ کچھ محفوظ نہیں ہوا۔ آپ کا لکھا ہوا یہیں ہے: دوبارہ کوشش کے لیے ”درج کریں“ دبائیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/new_request_dialog.py" line="476" />
            <source>Due by {date}</source>
            <translation>آخری تاریخ {date}</translation>
        </message>
    </context>
    <context>
        <name>OfficeAdminFields</name>
        <message>
            <location filename="../../desktop/forms.py" line="147" />
            <source>Your name</source>
            <translation>آپ کا نام</translation>
        </message>
        <message>
            <location filename="../../desktop/forms.py" line="147" />
            <source>User name</source>
            <translation>صارف نام</translation>
        </message>
        <message>
            <location filename="../../desktop/forms.py" line="148" />
            <source>Password</source>
            <translation>پاس ورڈ</translation>
        </message>
        <message>
            <location filename="../../desktop/forms.py" line="148" />
            <source>Password again</source>
            <translation>پاس ورڈ دوبارہ</translation>
        </message>
        <message>
            <location filename="../../desktop/forms.py" line="156" />
            <source>e.g. nadia.khan</source>
            <translation>مثلاً ⁦nadia.khan⁩</translation>
        </message>
        <message>
            <location filename="../../desktop/forms.py" line="171" />
            <source>Please write your name.</source>
            <translation>اپنا نام لکھیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/forms.py" line="173" />
            <source>Please choose a user name, e.g. nadia.khan.</source>
            <translation>صارف نام چنیں، مثلاً ⁦nadia.khan⁩۔</translation>
        </message>
        <message>
            <location filename="../../desktop/forms.py" line="175" />
            <source>Please type a password.</source>
            <translation>پاس ورڈ لکھیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/forms.py" line="177" />
            <source>The two passwords are not the same. Type the password again.</source>
            <translation>دونوں پاس ورڈ ایک جیسے نہیں۔ پاس ورڈ دوبارہ لکھیں۔</translation>
        </message>
    </context>
    <context>
        <name>OfficePage</name>
        <message>
            <location filename="../../desktop/first_run.py" line="102" />
            <source>Your office</source>
            <translation>آپ کا دفتر</translation>
        </message>
        <message>
            <location filename="../../desktop/first_run.py" line="103" />
            <source>The office whose requests this PC registers. When you connect to the server, the office comes from its token.</source>
            <translation>وہ دفتر جس کی درخواستیں یہ کمپیوٹر درج کرتا ہے۔ سرور سے جوڑنے پر دفتر ٹوکن سے آ جاتا ہے۔</translation>
        </message>
        <message>
            <location filename="../../desktop/first_run.py" line="109" />
            <source>Office</source>
            <translation>دفتر</translation>
        </message>
    </context>
    <context>
        <name>PasswordDialog</name>
        <message>
            <location filename="../../desktop/people_dialog.py" line="194" />
            <source>Change my password</source>
            <translation>اپنا پاس ورڈ بدلیں</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="195" />
            <source>Type your current password, then the new one twice. Use at least 10 characters: a few words are easy to remember and hard to guess.</source>
            <translation>اپنا موجودہ پاس ورڈ لکھیں، پھر نیا پاس ورڈ دو بار۔ کم از کم 10 حروف استعمال کریں: چند الفاظ یاد رکھنا آسان اور ان کا اندازہ لگانا مشکل ہوتا ہے۔</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="198" />
            <source>Change password</source>
            <translation>پاس ورڈ بدلیں</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="200" />
            <source>Set the password of {name}</source>
            <translation>⁨{name}⁩ کا پاس ورڈ مقرر کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="201" />
            <source>{name} signs in with this password from now on; their open sign-ins end. Tell them the new password in person.</source>
            <translation>اب سے ⁨{name}⁩ اسی پاس ورڈ سے سائن ان کریں گے؛ ان کے کھلے سائن ان ختم ہو جائیں گے۔ نیا پاس ورڈ انہیں خود مل کر بتائیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="204" />
            <source>Set password</source>
            <translation>پاس ورڈ مقرر کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="211" />
            <source>Current password</source>
            <translation>موجودہ پاس ورڈ</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="213" />
            <source>New password</source>
            <translation>نیا پاس ورڈ</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="214" />
            <source>New password again</source>
            <translation>نیا پاس ورڈ دوبارہ</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="224" />
            <source>Please type your current password.</source>
            <translation>اپنا موجودہ پاس ورڈ لکھیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="227" />
            <source>Please type the new password.</source>
            <translation>نیا پاس ورڈ لکھیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="256" />
            <source>This is not your current password. {left} more tries before your account is locked for {minutes} minutes.</source>
            <translation>یہ آپ کا موجودہ پاس ورڈ نہیں۔ آپ کے پاس {left} کوششیں باقی ہیں، پھر آپ کا اکاؤنٹ {minutes} منٹ کے لیے لاک ہو جائے گا۔</translation>
        </message>
    </context>
    <context>
        <name>PeopleDialog</name>
        <message>
            <location filename="../../desktop/people_dialog.py" line="60" />
            <source>Signed in</source>
            <translation>سائن ان کیا</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="61" />
            <source>Signed out</source>
            <translation>سائن آؤٹ کیا</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="62" />
            <source>Wrong password</source>
            <translation>غلط پاس ورڈ</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="63" />
            <source>Unknown user name</source>
            <translation>نامعلوم صارف نام</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="64" />
            <source>Locked after too many wrong passwords</source>
            <translation>بہت زیادہ غلط پاس ورڈ کے بعد لاک ہو گیا</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="65" />
            <source>Refused: the account is locked</source>
            <translation>روک دیا: اکاؤنٹ لاک ہے</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="66" />
            <source>Refused: the account is switched off</source>
            <translation>روک دیا: اکاؤنٹ بند ہے</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="67" />
            <source>Password changed</source>
            <translation>پاس ورڈ بدلا گیا</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="68" />
            <source>Account made</source>
            <translation>اکاؤنٹ بنایا گیا</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="69" />
            <source>Account received from the central server</source>
            <translation>اکاؤنٹ مرکزی سرور سے آیا</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="70" />
            <source>Switched on</source>
            <translation>چالو کیا گیا</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="71" />
            <source>Switched off</source>
            <translation>بند کیا گیا</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="72" />
            <source>Unlocked by the office admin</source>
            <translation>دفتر ایڈمن نے ان لاک کیا</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="329" />
            <location filename="../../desktop/people_dialog.py" line="342" />
            <source>People and passwords</source>
            <translation>لوگ اور پاس ورڈ</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="354" />
            <source>Name</source>
            <translation>نام</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="354" />
            <location filename="../../desktop/people_dialog.py" line="397" />
            <source>User name</source>
            <translation>صارف نام</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="354" />
            <source>Work</source>
            <translation>عہدہ</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="354" />
            <source>Made on</source>
            <translation>کہاں بنا</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="355" />
            <source>Can sign in</source>
            <translation>سائن ان کی اجازت</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="355" />
            <source>Locked until</source>
            <translation>کب تک لاک</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="364" />
            <source>Add person…</source>
            <translation>شخص شامل کریں…</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="368" />
            <source>Set password…</source>
            <translation>پاس ورڈ مقرر کریں…</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="372" />
            <location filename="../../desktop/people_dialog.py" line="482" />
            <source>Switch off</source>
            <translation>بند کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="376" />
            <source>Unlock</source>
            <translation>ان لاک کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="378" />
            <source>Let a person locked out after too many wrong passwords sign in again at once</source>
            <translation>جو شخص بہت زیادہ غلط پاس ورڈ کی وجہ سے لاک ہو گیا ہو، اسے فوراً دوبارہ سائن ان کرنے دیں</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="393" />
            <source>People</source>
            <translation>لوگ</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="397" />
            <source>When</source>
            <translation>کب</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="398" />
            <source>What happened</source>
            <translation>کیا ہوا</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="403" />
            <source>Recent sign-ins</source>
            <translation>حالیہ سائن ان</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="407" />
            <source>Close</source>
            <translation>بند کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="434" />
            <source>Central server</source>
            <translation>مرکزی سرور</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="434" />
            <source>This PC</source>
            <translation>یہ کمپیوٹر</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="435" />
            <source>Yes</source>
            <translation>ہاں</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="435" />
            <source>No — switched off</source>
            <translation>نہیں — بند ہے</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="443" />
            <source>Made on the central server: when the server changes this account, its copy replaces what was changed on this PC.</source>
            <translation>مرکزی سرور پر بنا: جب سرور اس اکاؤنٹ میں تبدیلی کرے تو سرور والی نقل اس کمپیوٹر پر کی گئی تبدیلیوں کی جگہ لے لیتی ہے۔</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="478" />
            <source>Switch on</source>
            <translation>چالو کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="480" />
            <source>Let this person sign in again</source>
            <translation>اس شخص کو دوبارہ سائن ان کرنے دیں</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="485" />
            <source>You cannot switch off your own account</source>
            <translation>آپ اپنا اکاؤنٹ خود بند نہیں کر سکتے</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="487" />
            <source>Stop this person from signing in; what they did stays in the records</source>
            <translation>اس شخص کو سائن ان کرنے سے روکیں؛ اس کا کیا ہوا کام ریکارڈ میں رہے گا</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="502" />
            <source>{name} can now sign in as {username}.</source>
            <translation>⁨{name}⁩ اب صارف نام ⁦{username}⁩ سے سائن ان کر سکتے ہیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="515" />
            <source>The password of {name} is changed.</source>
            <translation>⁨{name}⁩ کا پاس ورڈ بدل دیا گیا۔</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="526" />
            <source>{name} can sign in again.</source>
            <translation>⁨{name}⁩ دوبارہ سائن ان کر سکتے ہیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="527" />
            <source>{name} is switched off and cannot sign in.</source>
            <translation>⁨{name}⁩ کا اکاؤنٹ بند ہے اور وہ سائن ان نہیں کر سکتے۔</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="537" />
            <source>{name} is unlocked and can sign in now.</source>
            <translation>⁨{name}⁩ کا اکاؤنٹ ان لاک ہو گیا ہے اور وہ اب سائن ان کر سکتے ہیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="569" />
            <source>Something went wrong; nothing was changed. Try again.</source>
            <translation>کچھ غلط ہو گیا؛ کچھ نہیں بدلا۔ دوبارہ کوشش کریں۔</translation>
        </message>
    </context>
    <context>
        <name>QDialogButtonBox</name>
        <message>
            <source>OK</source>
            <translation>ٹھیک ہے</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>منسوخ</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>بند کریں</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>محفوظ کریں</translation>
        </message>
        <message>
            <source>&amp;Yes</source>
            <translation>ہاں</translation>
        </message>
        <message>
            <source>&amp;No</source>
            <translation>نہیں</translation>
        </message>
        <message>
            <source>Apply</source>
            <translation>لاگو کریں</translation>
        </message>
        <message>
            <source>Help</source>
            <translation>مدد</translation>
        </message>
    </context>
    <context>
        <name>QFileDialog</name>
        <message>
            <source>File &amp;name:</source>
            <translation>فائل کا نام:</translation>
        </message>
        <message>
            <source>Files of type:</source>
            <translation>فائل کی قسم:</translation>
        </message>
        <message>
            <source>Look in:</source>
            <translation>یہاں دیکھیں:</translation>
        </message>
        <message>
            <source>&amp;Save</source>
            <translation>محفوظ کریں</translation>
        </message>
        <message>
            <source>&amp;Open</source>
            <translation>کھولیں</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>منسوخ</translation>
        </message>
        <message>
            <source>All Files (*)</source>
            <translation>تمام فائلیں (*)</translation>
        </message>
    </context>
    <context>
        <name>QGuiApplication</name>
        <message>
            <source>QT_LAYOUT_DIRECTION</source>
            <comment>Translate this string to the string 'LTR' in left-to-right languages or to 'RTL' in right-to-left languages (such as Hebrew and Arabic) to get proper widget layout.</comment>
            <translation>RTL</translation>
        </message>
    </context>
    <context>
        <name>QLineEdit</name>
        <message>
            <source>&amp;Undo</source>
            <translation>واپس کریں</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>دوبارہ کریں</translation>
        </message>
        <message>
            <source>Cu&amp;t</source>
            <translation>کاٹیں</translation>
        </message>
        <message>
            <source>&amp;Copy</source>
            <translation>کاپی کریں</translation>
        </message>
        <message>
            <source>&amp;Paste</source>
            <translation>چسپاں کریں</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>مٹائیں</translation>
        </message>
        <message>
            <source>Select All</source>
            <translation>سب چنیں</translation>
        </message>
    </context>
    <context>
        <name>QMessageBox</name>
        <message>
            <source>Show Details...</source>
            <translation>تفصیل دکھائیں...</translation>
        </message>
        <message>
            <source>Hide Details...</source>
            <translation>تفصیل چھپائیں...</translation>
        </message>
    </context>
    <context>
        <name>QPlatformTheme</name>
        <message>
            <source>OK</source>
            <translation>ٹھیک ہے</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>محفوظ کریں</translation>
        </message>
        <message>
            <source>Save All</source>
            <translation>سب محفوظ کریں</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>کھولیں</translation>
        </message>
        <message>
            <source>&amp;Yes</source>
            <translation>ہاں</translation>
        </message>
        <message>
            <source>Yes to &amp;All</source>
            <translation>سب کے لیے ہاں</translation>
        </message>
        <message>
            <source>&amp;No</source>
            <translation>نہیں</translation>
        </message>
        <message>
            <source>N&amp;o to All</source>
            <translation>سب کے لیے نہیں</translation>
        </message>
        <message>
            <source>Abort</source>
            <translation>روک دیں</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>دوبارہ کوشش</translation>
        </message>
        <message>
            <source>Ignore</source>
            <translation>نظرانداز کریں</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>بند کریں</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>منسوخ</translation>
        </message>
        <message>
            <source>Discard</source>
            <translation>چھوڑ دیں</translation>
        </message>
        <message>
            <source>Help</source>
            <translation>مدد</translation>
        </message>
        <message>
            <source>Apply</source>
            <translation>لاگو کریں</translation>
        </message>
        <message>
            <source>Reset</source>
            <translation>پہلے جیسا کریں</translation>
        </message>
        <message>
            <source>Restore Defaults</source>
            <translation>اصل ترتیب واپس لائیں</translation>
        </message>
    </context>
    <context>
        <name>QWidgetTextControl</name>
        <message>
            <source>&amp;Undo</source>
            <translation>واپس کریں</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>دوبارہ کریں</translation>
        </message>
        <message>
            <source>Cu&amp;t</source>
            <translation>کاٹیں</translation>
        </message>
        <message>
            <source>&amp;Copy</source>
            <translation>کاپی کریں</translation>
        </message>
        <message>
            <source>&amp;Paste</source>
            <translation>چسپاں کریں</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>مٹائیں</translation>
        </message>
        <message>
            <source>Select All</source>
            <translation>سب چنیں</translation>
        </message>
    </context>
    <context>
        <name>QuotaDialog</name>
        <message>
            <location filename="../../desktop/surveys_page.py" line="403" />
            <source>Set a target</source>
            <translation>ہدف مقرر کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="408" />
            <source>District</source>
            <translation>ضلع</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="408" />
            <source>Area</source>
            <translation>علاقہ</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="409" />
            <source>Respondent type</source>
            <translation>جواب دینے والے کی قسم</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="425" />
            <source>0 removes the target</source>
            <translation>0 لکھنے سے ہدف ختم ہو جاتا ہے</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="426" />
            <source>Finished interviews wanted</source>
            <translation>مطلوبہ مکمل انٹرویو</translation>
        </message>
    </context>
    <context>
        <name>RequestDetailView</name>
        <message>
            <location filename="../../desktop/request_detail.py" line="58" />
            <source>Very bad</source>
            <translation>بہت برا</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="58" />
            <source>Bad</source>
            <translation>برا</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="58" />
            <source>All right</source>
            <translation>ٹھیک</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="59" />
            <source>Good</source>
            <translation>اچھا</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="59" />
            <source>Very good</source>
            <translation>بہت اچھا</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="71" />
            <source>Request registered</source>
            <translation>درخواست درج ہو گئی</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="73" />
            <source>Status changed: {old} → {new}</source>
            <translation>حالت بدلی: {old} ← {new}</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="76" />
            <source>Reason: {text}</source>
            <translation>وجہ: {text}</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="79" />
            <source>Outcome: {text}</source>
            <translation>نتیجہ: {text}</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="82" />
            <location filename="../../desktop/request_detail.py" line="85" />
            <source>Note: {text}</source>
            <translation>نوٹ: {text}</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="88" />
            <source>Citizen's rating: {rating} of 5 ({words})</source>
            <translation>شہری کی رائے: 5 میں سے {rating} ({words})</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="91" />
            <source>Comment: {text}</source>
            <translation>تبصرہ: {text}</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="94" />
            <source>Document added: {name}</source>
            <translation>کاغذ شامل ہوا: ⁨{name}⁩</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="252" />
            <source>History</source>
            <translation>تاریخچہ</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="257" />
            <source>When</source>
            <translation>کب</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="257" />
            <source>Who</source>
            <translation>کس نے</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="257" />
            <source>What</source>
            <translation>کیا</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="274" />
            <source>Back to requests</source>
            <translation>درخواستوں پر واپس</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="277" />
            <source>Back to the list (Alt+Left)</source>
            <translation>فہرست پر واپس (Alt+Left)</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="282" />
            <location filename="../../desktop/request_detail.py" line="612" />
            <source>Save receipt as PDF</source>
            <translation>رسید PDF میں محفوظ کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="286" />
            <source>Print receipt</source>
            <translation>رسید پرنٹ کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="288" />
            <source>Print the citizen's receipt (Ctrl+P)</source>
            <translation>شہری کی رسید پرنٹ کریں (Ctrl+P)</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="314" />
            <location filename="../../desktop/request_detail.py" line="465" />
            <source>Show CNIC</source>
            <translation>شناختی کارڈ نمبر دکھائیں</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="318" />
            <source>Show the whole CNIC number until you open another request</source>
            <translation>کوئی اور درخواست کھولنے تک پورا شناختی کارڈ نمبر دکھائیں</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="331" />
            <source>Overdue</source>
            <translation>تاخیر</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="369" />
            <source>Next step:</source>
            <translation>اگلا قدم:</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="380" />
            <location filename="../../desktop/request_detail.py" line="553" />
            <location filename="../../desktop/request_detail.py" line="554" />
            <source>Add note</source>
            <translation>نوٹ لکھیں</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="383" />
            <location filename="../../desktop/request_detail.py" line="559" />
            <source>Record feedback</source>
            <translation>رائے درج کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="416" />
            <source>This request could not be shown.</source>
            <translation>یہ درخواست نہیں دکھائی جا سکی۔</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="440" />
            <source>{service}   ·   Official fee {fee}</source>
            <translation>{service}   ·   سرکاری فیس {fee}</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="443" />
            <source>Due by {date}</source>
            <translation>آخری تاریخ {date}</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="447" />
            <source>Citizen's words: {text}</source>
            <translation>شہری کے الفاظ: {text}</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="460" />
            <source>CNIC {cnic}</source>
            <translation>شناختی کارڈ نمبر ⁦{cnic}⁩</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="462" />
            <source>Mobile {phone}</source>
            <translation>موبائل ⁦{phone}⁩</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="465" />
            <source>Hide CNIC</source>
            <translation>شناختی کارڈ نمبر چھپائیں</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="486" />
            <source>Change the status to “{status}”</source>
            <translation>حالت بدل کر ”{status}“ کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="499" />
            <source>The next step needs a supervisor.</source>
            <translation>اگلا قدم سپروائزر اٹھائے گا۔</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="500" />
            <source>Nothing more to do for this request.</source>
            <translation>اس درخواست پر مزید کچھ نہیں کرنا۔</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="505" />
            <source>Record how satisfied the citizen is (1 to 5)</source>
            <translation>درج کریں کہ شہری کتنا مطمئن ہے (1 سے 5)</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="506" />
            <source>Feedback can be recorded once the request is done, rejected or closed.</source>
            <translation>رائے تب درج ہو سکتی ہے جب درخواست مکمل، مسترد یا بند ہو جائے۔</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="540" />
            <source>Record how the request ended, with a short note.</source>
            <translation>درج کریں کہ درخواست کا انجام کیا ہوا، ایک مختصر نوٹ کے ساتھ۔</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="545" />
            <source>Write the reason in words the citizen understands.</source>
            <translation>وجہ ایسے الفاظ میں لکھیں جو شہری سمجھ سکے۔</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="554" />
            <source>The note is kept in this request's history.</source>
            <translation>نوٹ اس درخواست کے تاریخچے میں رہے گا۔</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="560" />
            <source>Ask the citizen how satisfied they are with how the office handled this request.</source>
            <translation>شہری سے پوچھیں کہ وہ دفتر کے کام سے کتنا مطمئن ہے۔</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="561" />
            <source>Save rating</source>
            <translation>رائے محفوظ کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="589" />
            <source>Something went wrong; nothing was saved. Try again.</source>
            <translation>کچھ غلط ہو گیا؛ کچھ محفوظ نہیں ہوا۔ دوبارہ کوشش کریں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="612" />
            <source>PDF files (*.pdf)</source>
            <translation>PDF فائلیں (*.pdf)</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="626" />
            <source>The receipt could not be saved.</source>
            <translation>رسید محفوظ نہیں ہو سکی۔</translation>
        </message>
    </context>
    <context>
        <name>RequestTableModel</name>
        <message>
            <location filename="../../desktop/request_model.py" line="68" />
            <source>Tracking number</source>
            <translation>ٹریکنگ نمبر</translation>
        </message>
        <message>
            <location filename="../../desktop/request_model.py" line="68" />
            <source>The number printed on the citizen's receipt</source>
            <translation>شہری کی رسید پر چھپا نمبر</translation>
        </message>
        <message>
            <location filename="../../desktop/request_model.py" line="69" />
            <source>Citizen</source>
            <translation>شہری</translation>
        </message>
        <message>
            <location filename="../../desktop/request_model.py" line="70" />
            <source>Service</source>
            <translation>سروس</translation>
        </message>
        <message>
            <location filename="../../desktop/request_model.py" line="71" />
            <source>Status</source>
            <translation>حالت</translation>
        </message>
        <message>
            <location filename="../../desktop/request_model.py" line="72" />
            <source>Due date</source>
            <translation>آخری تاریخ</translation>
        </message>
        <message>
            <location filename="../../desktop/request_model.py" line="72" />
            <source>The last day the office promised to finish by</source>
            <translation>وہ آخری دن جب تک دفتر نے کام مکمل کرنے کا وعدہ کیا</translation>
        </message>
        <message>
            <location filename="../../desktop/request_model.py" line="73" />
            <source>Days open</source>
            <translation>کھلے دن</translation>
        </message>
        <message>
            <location filename="../../desktop/request_model.py" line="73" />
            <source>Days since the request was registered</source>
            <translation>درخواست درج ہونے سے اب تک کے دن</translation>
        </message>
        <message>
            <location filename="../../desktop/request_model.py" line="183" />
            <source>The list could not be loaded.</source>
            <translation>فہرست نہیں کھل سکی۔</translation>
        </message>
        <message>
            <location filename="../../desktop/request_model.py" line="234" />
            <source>{text} (overdue)</source>
            <translation>{text} (تاخیر)</translation>
        </message>
        <message>
            <location filename="../../desktop/request_model.py" line="242" />
            <source>Overdue</source>
            <translation>تاخیر</translation>
        </message>
        <message>
            <location filename="../../desktop/request_model.py" line="246" />
            <source>{number}, overdue</source>
            <translation>⁦{number}⁩، تاخیر</translation>
        </message>
    </context>
    <context>
        <name>RequestsPage</name>
        <message>
            <location filename="../../desktop/requests_page.py" line="50" />
            <source>Requests</source>
            <translation>درخواستیں</translation>
        </message>
        <message>
            <location filename="../../desktop/requests_page.py" line="66" />
            <source>Search by tracking number, CNIC, name or mobile number</source>
            <translation>ٹریکنگ نمبر، شناختی کارڈ نمبر، نام یا موبائل نمبر سے تلاش کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/requests_page.py" line="70" />
            <source>Search (Ctrl+F)</source>
            <translation>تلاش (Ctrl+F)</translation>
        </message>
        <message>
            <location filename="../../desktop/requests_page.py" line="79" />
            <source>Status</source>
            <translation>حالت</translation>
        </message>
        <message>
            <location filename="../../desktop/requests_page.py" line="82" />
            <source>All statuses</source>
            <translation>تمام حالتیں</translation>
        </message>
        <message>
            <location filename="../../desktop/requests_page.py" line="87" />
            <source>Service</source>
            <translation>سروس</translation>
        </message>
        <message>
            <location filename="../../desktop/requests_page.py" line="90" />
            <source>All services</source>
            <translation>تمام سروسز</translation>
        </message>
        <message>
            <location filename="../../desktop/requests_page.py" line="95" />
            <source>Overdue only</source>
            <translation>صرف تاخیر والی</translation>
        </message>
        <message>
            <location filename="../../desktop/requests_page.py" line="176" />
            <source>Searching…</source>
            <translation>تلاش ہو رہی ہے…</translation>
        </message>
        <message>
            <location filename="../../desktop/requests_page.py" line="214" />
            <source>1 request</source>
            <translation>1 درخواست</translation>
        </message>
        <message>
            <location filename="../../desktop/requests_page.py" line="216" />
            <source>{count} requests</source>
            <translation>{count} درخواستیں</translation>
        </message>
        <message>
            <location filename="../../desktop/requests_page.py" line="224" />
            <source>No requests yet.
Press “New request” (Ctrl+N) to register the first one.</source>
            <translation>ابھی کوئی درخواست نہیں۔
پہلی درخواست درج کرنے کے لیے ”نئی درخواست“ (Ctrl+N) دبائیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/requests_page.py" line="227" />
            <source>No request matches this search.
Check the spelling or clear the filters.</source>
            <translation>اس تلاش سے کوئی درخواست نہیں ملی۔
ہجے چیک کریں یا فلٹر ہٹا دیں۔</translation>
        </message>
    </context>
    <context>
        <name>ServerPage</name>
        <message>
            <location filename="../../desktop/first_run.py" line="247" />
            <source>The central server</source>
            <translation>مرکزی سرور</translation>
        </message>
        <message>
            <location filename="../../desktop/first_run.py" line="248" />
            <source>Records are sent to the district's server when there is a connection. You can also do this later from the Sync screen.</source>
            <translation>رابطہ ہونے پر ریکارڈ ضلع کے سرور کو بھیجے جاتے ہیں۔ یہ کام آپ بعد میں ”سرور کو بھیجیں“ والی اسکرین سے بھی کر سکتے ہیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/first_run.py" line="255" />
            <source>Server address</source>
            <translation>سرور کا پتا</translation>
        </message>
        <message>
            <location filename="../../desktop/first_run.py" line="256" />
            <source>One-time token</source>
            <translation>ایک بار کا ٹوکن</translation>
        </message>
        <message>
            <location filename="../../desktop/first_run.py" line="260" />
            <source>Read a provisioning file…</source>
            <translation>آئی ٹی کی فائل پڑھیں…</translation>
        </message>
        <message>
            <location filename="../../desktop/first_run.py" line="262" />
            <source>The file IT staff give you with the server address and token</source>
            <translation>وہ فائل جو آئی ٹی والے سرور کے پتے اور ٹوکن کے ساتھ دیتے ہیں</translation>
        </message>
        <message>
            <location filename="../../desktop/first_run.py" line="265" />
            <source>Connect now</source>
            <translation>ابھی جوڑیں</translation>
        </message>
        <message>
            <location filename="../../desktop/first_run.py" line="283" />
            <source>Provisioning file</source>
            <translation>آئی ٹی کی فائل</translation>
        </message>
        <message>
            <location filename="../../desktop/first_run.py" line="284" />
            <source>Daftar provisioning (*.json)</source>
            <translation>دفتر کی ترتیب کی فائل (*.json)</translation>
        </message>
        <message>
            <location filename="../../desktop/first_run.py" line="297" />
            <source>Read from the file. Press Connect now.</source>
            <translation>فائل سے پڑھ لیا۔ ”ابھی جوڑیں“ دبائیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/first_run.py" line="317" />
            <source>Connected: this PC is number {n} of office {office}.</source>
            <translation>جڑ گیا: یہ کمپیوٹر دفتر ⁦{office}⁩ کا نمبر ⁦{n}⁩ ہے۔</translation>
        </message>
    </context>
    <context>
        <name>SettingsPage</name>
        <message>
            <location filename="../../desktop/settings_page.py" line="74" />
            <source>Settings</source>
            <translation>ترتیبات</translation>
        </message>
        <message>
            <location filename="../../desktop/settings_page.py" line="87" />
            <source>Larger text everywhere</source>
            <translation>ہر جگہ بڑا لکھا ہوا</translation>
        </message>
        <message>
            <location filename="../../desktop/settings_page.py" line="91" />
            <source>Language</source>
            <translation>زبان</translation>
        </message>
        <message>
            <location filename="../../desktop/settings_page.py" line="108" />
            <source>Change my password</source>
            <translation>اپنا پاس ورڈ بدلیں</translation>
        </message>
        <message>
            <location filename="../../desktop/settings_page.py" line="113" />
            <source>People and passwords…</source>
            <translation>لوگ اور پاس ورڈ…</translation>
        </message>
        <message>
            <location filename="../../desktop/settings_page.py" line="115" />
            <source>Add people, set passwords, switch accounts off, see who signed in</source>
            <translation>لوگ شامل کریں، پاس ورڈ مقرر کریں، اکاؤنٹ بند کریں، دیکھیں کس نے سائن ان کیا</translation>
        </message>
        <message>
            <location filename="../../desktop/settings_page.py" line="133" />
            <source>Backups</source>
            <translation>بیک اپ</translation>
        </message>
        <message>
            <location filename="../../desktop/settings_page.py" line="137" />
            <source>Back up now</source>
            <translation>ابھی بیک اپ بنائیں</translation>
        </message>
        <message>
            <location filename="../../desktop/settings_page.py" line="139" />
            <source>Daftar also backs up by itself every day</source>
            <translation>دفتر ہر روز خود بھی بیک اپ بناتا ہے</translation>
        </message>
        <message>
            <location filename="../../desktop/settings_page.py" line="155" />
            <source>Run the first-start setup again</source>
            <translation>شروع کی ترتیب دوبارہ کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/settings_page.py" line="158" />
            <source>About Daftar</source>
            <translation>دفتر کے بارے میں</translation>
        </message>
        <message>
            <location filename="../../desktop/settings_page.py" line="181" />
            <source>{when} — {why} — {size}</source>
            <translation>{when} — وجہ: {why} — {size}</translation>
        </message>
        <message>
            <location filename="../../desktop/settings_page.py" line="183" />
            <source>{mb} MB</source>
            <translation>⁦{mb}⁩ ایم بی</translation>
        </message>
        <message>
            <location filename="../../desktop/settings_page.py" line="185" />
            <source>No backup yet</source>
            <translation>ابھی کوئی بیک اپ نہیں</translation>
        </message>
        <message>
            <location filename="../../desktop/settings_page.py" line="190" />
            <source>Backing up…</source>
            <translation>بیک اپ بن رہا ہے…</translation>
        </message>
        <message>
            <location filename="../../desktop/settings_page.py" line="196" />
            <source>Backup made and checked: {file}</source>
            <translation>بیک اپ بن گیا اور جانچ لیا گیا: ⁦{file}⁩</translation>
        </message>
        <message>
            <location filename="../../desktop/settings_page.py" line="204" />
            <source>The backup could not be made; the data is safe. Try again, or call IT.</source>
            <translation>بیک اپ نہیں بن سکا؛ ڈیٹا محفوظ ہے۔ دوبارہ کوشش کریں، یا آئی ٹی کو فون کریں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/settings_page.py" line="218" />
            <source>Signed in as {name} ({role})</source>
            <translation>سائن ان: ⁨{name}⁩ ({role})</translation>
        </message>
        <message>
            <location filename="../../desktop/settings_page.py" line="220" />
            <source>User name: {username}</source>
            <translation>صارف نام: ⁦{username}⁩</translation>
        </message>
        <message>
            <location filename="../../desktop/settings_page.py" line="223" />
            <source>Nobody is signed in</source>
            <translation>کوئی سائن ان نہیں</translation>
        </message>
        <message>
            <location filename="../../desktop/settings_page.py" line="246" />
            <source>Your password is changed. Use the new one from now on.</source>
            <translation>آپ کا پاس ورڈ بدل گیا ہے۔ اب سے نیا پاس ورڈ استعمال کریں۔</translation>
        </message>
    </context>
    <context>
        <name>SignInDialog</name>
        <message>
            <location filename="../../desktop/sign_in.py" line="176" />
            <source>Daftar</source>
            <translation>دفتر</translation>
        </message>
    </context>
    <context>
        <name>SignInPanel</name>
        <message>
            <location filename="../../desktop/sign_in.py" line="75" />
            <source>User name</source>
            <translation>صارف نام</translation>
        </message>
        <message>
            <location filename="../../desktop/sign_in.py" line="77" />
            <source>Password</source>
            <translation>پاس ورڈ</translation>
        </message>
        <message>
            <location filename="../../desktop/sign_in.py" line="89" />
            <source>Sign in as someone else</source>
            <translation>کسی اور کے نام سے سائن ان کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/sign_in.py" line="110" />
            <source>Daftar is locked</source>
            <translation>دفتر لاک ہے</translation>
        </message>
        <message>
            <location filename="../../desktop/sign_in.py" line="111" />
            <source>{name}, type your password to go on. Your unsaved typing is kept.</source>
            <translation>⁨{name}⁩، کام جاری رکھنے کے لیے اپنا پاس ورڈ لکھیں۔ جو آپ نے لکھا تھا اور ابھی محفوظ نہیں ہوا، وہ موجود رہے گا۔</translation>
        </message>
        <message>
            <location filename="../../desktop/sign_in.py" line="115" />
            <source>Unlock</source>
            <translation>ان لاک کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/sign_in.py" line="117" />
            <source>Sign in to Daftar</source>
            <translation>دفتر میں سائن ان کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/sign_in.py" line="118" />
            <source>Type your user name and password. Ask the office admin if you have none.</source>
            <translation>اپنا صارف نام اور پاس ورڈ لکھیں۔ اگر آپ کا اکاؤنٹ نہیں ہے تو دفتر ایڈمن سے کہیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/sign_in.py" line="120" />
            <source>Sign in</source>
            <translation>سائن ان کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/sign_in.py" line="144" />
            <source>Type your user name and your password.</source>
            <translation>اپنا صارف نام اور اپنا پاس ورڈ لکھیں۔</translation>
        </message>
    </context>
    <context>
        <name>StepDialog</name>
        <message>
            <location filename="../../desktop/request_detail.py" line="131" />
            <source>How did the request end?</source>
            <translation>درخواست کا انجام کیا ہوا؟</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="137" />
            <source>Choose one</source>
            <translation>ایک چنیں</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="140" />
            <source>How satisfied is the citizen? (keys 1 to 5)</source>
            <translation>شہری کتنا مطمئن ہے؟ (بٹن 1 سے 5)</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="155" />
            <source>Reason (the citizen will be told this)</source>
            <translation>وجہ (یہ شہری کو بتائی جائے گی)</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="156" />
            <source>Note (required)</source>
            <translation>نوٹ (ضروری)</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="157" />
            <source>Note</source>
            <translation>نوٹ</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="158" />
            <source>Comment (optional)</source>
            <translation>تبصرہ (اختیاری)</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="171" />
            <source>Cancel</source>
            <translation>منسوخ</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="174" />
            <source>Close without saving (Esc)</source>
            <translation>محفوظ کیے بغیر بند کریں (Esc)</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="181" />
            <source>Save (Ctrl+Enter)</source>
            <translation>محفوظ کریں (Ctrl+Enter)</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="200" />
            <source>Please choose how the request ended.</source>
            <translation>چنیں کہ درخواست کا انجام کیا ہوا۔</translation>
        </message>
        <message>
            <location filename="../../desktop/request_detail.py" line="203" />
            <source>Please choose a rating from 1 to 5.</source>
            <translation>1 سے 5 تک رائے چنیں۔</translation>
        </message>
    </context>
    <context>
        <name>SurveyFormView</name>
        <message>
            <location filename="../../desktop/survey_form.py" line="509" />
            <location filename="../../desktop/survey_form.py" line="691" />
            <source>Not saved — see the message</source>
            <translation>محفوظ نہیں ہوا — پیغام دیکھیں</translation>
        </message>
        <message>
            <location filename="../../desktop/survey_form.py" line="533" />
            <source>Save and close</source>
            <translation>محفوظ کر کے بند کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/survey_form.py" line="535" />
            <source>Everything is saved already; continue this interview later from the list (Esc)</source>
            <translation>سب کچھ پہلے ہی محفوظ ہے؛ یہ انٹرویو بعد میں فہرست سے جاری رکھیں (Esc)</translation>
        </message>
        <message>
            <location filename="../../desktop/survey_form.py" line="538" />
            <source>Previous section</source>
            <translation>پچھلا حصہ</translation>
        </message>
        <message>
            <location filename="../../desktop/survey_form.py" line="540" />
            <source>Page Up</source>
            <translation>Page Up</translation>
        </message>
        <message>
            <location filename="../../desktop/survey_form.py" line="542" />
            <source>Next section</source>
            <translation>اگلا حصہ</translation>
        </message>
        <message>
            <location filename="../../desktop/survey_form.py" line="544" />
            <source>Page Down</source>
            <translation>Page Down</translation>
        </message>
        <message>
            <location filename="../../desktop/survey_form.py" line="547" />
            <source>Finish interview</source>
            <translation>انٹرویو مکمل کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/survey_form.py" line="549" />
            <source>Check every answer and make the response final (Ctrl+Enter)</source>
            <translation>ہر جواب چیک کریں اور انٹرویو مکمل کریں (Ctrl+Enter)</translation>
        </message>
        <message>
            <location filename="../../desktop/survey_form.py" line="604" />
            <source>Section {n} of {total}: {title}</source>
            <translation>حصہ {n} از {total}: {title}</translation>
        </message>
        <message>
            <location filename="../../desktop/survey_form.py" line="605" />
            <source>General</source>
            <translation>عام</translation>
        </message>
        <message>
            <location filename="../../desktop/survey_form.py" line="648" />
            <source>Saving…</source>
            <translation>محفوظ ہو رہا ہے…</translation>
        </message>
        <message>
            <location filename="../../desktop/survey_form.py" line="674" />
            <source>{done} of {total} answered</source>
            <translation>{total} میں سے {done} کا جواب دیا گیا</translation>
        </message>
        <message>
            <location filename="../../desktop/survey_form.py" line="685" />
            <source>All answers saved</source>
            <translation>تمام جواب محفوظ</translation>
        </message>
        <message>
            <location filename="../../desktop/survey_form.py" line="688" />
            <source>This answer could not be saved. It is still on the screen; try again.</source>
            <translation>یہ جواب محفوظ نہیں ہو سکا۔ یہ ابھی اسکرین پر ہے؛ دوبارہ کوشش کریں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/survey_form.py" line="792" />
            <source>Some answers need attention</source>
            <translation>کچھ جوابات کو دیکھنا ضروری ہے</translation>
        </message>
    </context>
    <context>
        <name>SurveysPage</name>
        <message>
            <location filename="../../desktop/surveys_page.py" line="78" />
            <source>Surveys</source>
            <translation>سروے</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="85" />
            <location filename="../../desktop/surveys_page.py" line="121" />
            <location filename="../../desktop/surveys_page.py" line="130" />
            <source>Form</source>
            <translation>فارم</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="91" />
            <source>Language</source>
            <translation>زبان</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="96" />
            <source>Start interview</source>
            <translation>انٹرویو شروع کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="98" />
            <source>Start a new interview with this form (Ctrl+I)</source>
            <translation>اس فارم سے نیا انٹرویو شروع کریں (Ctrl+I)</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="106" />
            <source>Interviews not finished</source>
            <translation>نامکمل انٹرویو</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="113" />
            <source>Continue</source>
            <translation>جاری رکھیں</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="116" />
            <source>Continue the chosen interview (Enter)</source>
            <translation>چنا ہوا انٹرویو جاری رکھیں (Enter)</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="121" />
            <source>Started</source>
            <translation>شروع ہوا</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="121" />
            <location filename="../../desktop/surveys_page.py" line="130" />
            <source>Respondent</source>
            <translation>جواب دینے والا</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="122" />
            <source>Answers</source>
            <translation>جوابات</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="122" />
            <location filename="../../desktop/surveys_page.py" line="155" />
            <source>Last change</source>
            <translation>آخری تبدیلی</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="126" />
            <source>Finished interviews</source>
            <translation>مکمل انٹرویو</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="130" />
            <source>Finished</source>
            <translation>مکمل ہوا</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="131" />
            <source>Enumerator</source>
            <translation>سروے کرنے والا</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="136" />
            <source>Quotas</source>
            <translation>کوٹہ</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="143" />
            <source>Set a target…</source>
            <translation>ہدف مقرر کریں…</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="146" />
            <source>How many finished interviews are wanted for one group of respondents (supervisors)</source>
            <translation>جواب دینے والوں کے ایک گروہ کے لیے کتنے مکمل انٹرویو چاہییں (سپروائزر کے لیے)</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="153" />
            <source>District</source>
            <translation>ضلع</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="153" />
            <source>Area</source>
            <translation>علاقہ</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="153" />
            <source>Respondent type</source>
            <translation>جواب دینے والے کی قسم</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="154" />
            <source>Target</source>
            <translation>ہدف</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="154" />
            <source>Done</source>
            <translation>ہو گیا</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="154" />
            <source>Still needed</source>
            <translation>ابھی باقی</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="205" />
            <source>{title} (version {version})</source>
            <translation>{title} (ورژن ⁦{version}⁩)</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="214" />
            <source>No forms yet — import one with 'daftar forms import'</source>
            <translation>ابھی کوئی فارم نہیں — 'daftar forms import' سے فارم شامل کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="227" />
            <source>{n} of {total}</source>
            <translation>{total} میں سے {n}</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="231" />
            <source>{n} interviews</source>
            <translation>{n} انٹرویو</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="232" />
            <source>1 interview</source>
            <translation>1 انٹرویو</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="253" />
            <source>{n} finished interviews on this PC</source>
            <translation>اس کمپیوٹر پر {n} مکمل انٹرویو</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="260" />
            <source>set by {name} ({role}) on {when}</source>
            <translation>⁨{name}⁩ ({role}) نے {when} کو مقرر کیا</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="269" />
            <source>Sealed: only the central analysts can read the answers; they are no longer kept on this PC</source>
            <translation>مہر بند: جواب صرف مرکزی تجزیہ کار پڑھ سکتے ہیں؛ یہ اب اس کمپیوٹر پر نہیں رکھے جاتے</translation>
        </message>
        <message>
            <location filename="../../desktop/surveys_page.py" line="284" />
            <source>{time}, sealed</source>
            <translation>{time}، مہر بند</translation>
        </message>
    </context>
    <context>
        <name>SyncPage</name>
        <message>
            <location filename="../../desktop/sync_page.py" line="55" />
            <source>1 request</source>
            <translation>1 درخواست</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="55" />
            <source>{count} requests</source>
            <translation>{count} درخواستیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="56" />
            <source>1 citizen</source>
            <translation>1 شہری</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="56" />
            <source>{count} citizens</source>
            <translation>{count} شہری</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="57" />
            <source>1 step or note on a request</source>
            <translation>درخواست پر 1 قدم یا نوٹ</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="58" />
            <source>{count} steps and notes on requests</source>
            <translation>درخواستوں پر {count} قدم اور نوٹ</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="59" />
            <source>1 survey interview</source>
            <translation>1 سروے انٹرویو</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="59" />
            <source>{count} survey interviews</source>
            <translation>{count} سروے انٹرویو</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="62" />
            <source>Registration of request {number}</source>
            <translation>درخواست ⁦{number}⁩ کا اندراج</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="63" />
            <source>Status change of request {number}</source>
            <translation>درخواست ⁦{number}⁩ کی حالت میں تبدیلی</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="64" />
            <source>Note on request {number}</source>
            <translation>درخواست ⁦{number}⁩ پر نوٹ</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="65" />
            <source>Citizen's rating of request {number}</source>
            <translation>درخواست ⁦{number}⁩ پر شہری کی رائے</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="66" />
            <source>Document of request {number}</source>
            <translation>درخواست ⁦{number}⁩ کا کاغذ</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="71" />
            <source>Its request was refused (see its reason), so this was refused too. It goes again with the request.</source>
            <translation>اس کی درخواست واپس کر دی گئی (وجہ دیکھیں)، اس لیے یہ بھی واپس ہوا۔ یہ درخواست کے ساتھ دوبارہ جائے گا۔</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="73" />
            <source>Its citizen record was refused (see its reason), so this request was refused too. It goes again with the citizen.</source>
            <translation>اس کے شہری کا ریکارڈ واپس کر دیا گیا (وجہ دیکھیں)، اس لیے یہ درخواست بھی واپس ہوئی۔ یہ شہری کے ساتھ دوبارہ جائے گی۔</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="195" />
            <source>1 other record</source>
            <translation>1 اور ریکارڈ</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="196" />
            <source>{count} other records</source>
            <translation>{count} اور ریکارڈ</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="204" />
            <source>Request {number} ({name})</source>
            <translation>درخواست ⁦{number}⁩ ⁨({name})⁩</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="205" />
            <source>Request {number}</source>
            <translation>درخواست ⁦{number}⁩</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="207" />
            <source>Change to request {number}</source>
            <translation>درخواست ⁦{number}⁩ میں تبدیلی</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="210" />
            <source>Citizen {name}</source>
            <translation>شہری ⁨{name}⁩</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="212" />
            <source>Survey interview {id}</source>
            <translation>سروے انٹرویو ⁦{id}⁩</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="213" />
            <source>Record {id}</source>
            <translation>ریکارڈ ⁦{id}⁩</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="224" />
            <source>In progress…</source>
            <translation>جاری ہے…</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="224" />
            <source>Did not finish</source>
            <translation>مکمل نہیں ہوا</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="229" />
            <source>All sent</source>
            <translation>سب بھیج دیا</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="231" />
            <source>Sent; some records were refused</source>
            <translation>بھیج دیا؛ کچھ ریکارڈ واپس ہوئے</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="233" />
            <source>1 record still waiting</source>
            <translation>1 ریکارڈ ابھی باقی</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="234" />
            <source>{count} records still waiting</source>
            <translation>{count} ریکارڈ ابھی باقی</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="288" />
            <source>Sync</source>
            <translation>سرور کو بھیجیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="292" />
            <source>Connect to server</source>
            <translation>سرور سے جوڑیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="295" />
            <source>Connect this PC to the central server with a one-time token from the central admin</source>
            <translation>مرکزی ایڈمن کے ایک بار کے ٹوکن سے اس کمپیوٹر کو مرکزی سرور سے جوڑیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="324" />
            <source>What</source>
            <translation>کیا</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="324" />
            <source>When</source>
            <translation>کب</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="324" />
            <source>Why the server refused it</source>
            <translation>سرور نے کیوں واپس کیا</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="337" />
            <source>The server has refused nothing.</source>
            <translation>سرور نے کچھ واپس نہیں کیا۔</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="346" />
            <source>Sync history</source>
            <translation>بھیجنے کا ریکارڈ</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="352" />
            <source>Started</source>
            <translation>شروع ہوا</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="352" />
            <source>When the round began (office time)</source>
            <translation>بھیجنا کب شروع ہوا (دفتر کا وقت)</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="353" />
            <source>Sent</source>
            <translation>بھیجے</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="353" />
            <source>Records the server received for the first time</source>
            <translation>وہ ریکارڈ جو سرور کو پہلی بار ملے</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="354" />
            <source>Already there</source>
            <translation>پہلے سے موجود</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="354" />
            <source>Records the server already had (sent again after a lost answer; never duplicated)</source>
            <translation>وہ ریکارڈ جو سرور کے پاس پہلے سے تھے (جواب نہ ملنے پر دوبارہ بھیجے؛ کبھی دوہرے نہیں ہوتے)</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="356" />
            <source>Refused</source>
            <translation>واپس</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="356" />
            <source>Records the server refused (listed above with the reason)</source>
            <translation>وہ ریکارڈ جو سرور نے واپس کیے (اوپر وجہ کے ساتھ)</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="358" />
            <source>Received</source>
            <translation>موصول</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="358" />
            <source>Changes received from the server: other offices' work, services and offices</source>
            <translation>سرور سے آئی تبدیلیاں: دوسرے دفاتر کا کام، سروسز اور دفاتر</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="360" />
            <source>Result</source>
            <translation>نتیجہ</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="406" />
            <source>Type the device key</source>
            <translation>خفیہ کوڈ لکھیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="409" />
            <source>This PC has no safe password store: type the device key for this session</source>
            <translation>اس کمپیوٹر میں پاس ورڈ رکھنے کی محفوظ جگہ نہیں: اس بار کے لیے خفیہ کوڈ لکھیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="413" />
            <source>Server</source>
            <translation>سرور</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="414" />
            <source>This PC</source>
            <translation>یہ کمپیوٹر</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="415" />
            <source>Last successful sync</source>
            <translation>آخری کامیاب بار سرور کو بھیجا</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="416" />
            <source>Now</source>
            <translation>ابھی</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="437" />
            <source>Waiting to be sent</source>
            <translation>بھیجنا باقی</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="450" />
            <source>Refused by the server</source>
            <translation>سرور نے واپس کیے</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="455" />
            <source>Send again</source>
            <translation>دوبارہ بھیجیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="457" />
            <source>Put the selected records back in the queue once the problem is fixed (a request goes again with its steps and its citizen)</source>
            <translation>مسئلہ ٹھیک ہونے کے بعد چنے گئے ریکارڈ دوبارہ قطار میں ڈالیں (درخواست اپنے قدموں اور شہری کے ساتھ دوبارہ جاتی ہے)</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="499" />
            <source>The sync state could not be read. Your records are safe; close this screen and open it again.</source>
            <translation>سرور کو بھیجنے کی حالت نہیں پڑھی جا سکی۔ آپ کے ریکارڈ محفوظ ہیں؛ یہ اسکرین بند کر کے دوبارہ کھولیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="524" />
            <source>None yet</source>
            <translation>ابھی کوئی نہیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="528" />
            <source>Office {office}, PC number {number}</source>
            <translation>دفتر ⁦{office}⁩، کمپیوٹر نمبر ⁦{number}⁩</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="531" />
            <source>{words} — connected since {when}</source>
            <translation>{words} — {when} سے جڑا ہوا</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="535" />
            <source>Not connected to a server yet. Ask the central admin for a one-time token, then press “Connect to server”.</source>
            <translation>ابھی کسی سرور سے نہیں جڑا۔ مرکزی ایڈمن سے ایک بار کا ٹوکن لیں، پھر ”سرور سے جوڑیں“ دبائیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="540" />
            <source>Never</source>
            <translation>کبھی نہیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="551" />
            <source>Connect this PC to a server first</source>
            <translation>پہلے اس کمپیوٹر کو سرور سے جوڑیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="559" />
            <source>Nothing is waiting: the server has everything saved on this PC.</source>
            <translation>کچھ باقی نہیں: اس کمپیوٹر پر محفوظ سب کچھ سرور کے پاس ہے۔</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="572" />
            <source>The server's words: {reason} ({code})</source>
            <translation>سرور کے الفاظ: {reason} (⁦{code}⁩)</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="586" />
            <source>1 record</source>
            <translation>1 ریکارڈ</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="587" />
            <source>{count} records</source>
            <translation>{count} ریکارڈ</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="645" />
            <source>Syncing…</source>
            <translation>سرور کو بھیجا جا رہا ہے…</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_page.py" line="645" />
            <source>Sync now</source>
            <translation>ابھی سرور کو بھیجیں</translation>
        </message>
    </context>
    <context>
        <name>SyncStatus</name>
        <message>
            <location filename="../../desktop/sync_status.py" line="44" />
            <source>No connection to the server</source>
            <translation>سرور سے رابطہ نہیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="45" />
            <source>The server has a problem</source>
            <translation>سرور میں مسئلہ ہے</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="46" />
            <source>The server refused the last sync — see Sync</source>
            <translation>سرور نے پچھلی بار کا بھیجا واپس کیا — ”سرور کو بھیجیں“ دیکھیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="47" />
            <source>Not connected to a server yet — use Sync ▸ Connect to server</source>
            <translation>ابھی سرور سے نہیں جڑا — ”سرور کو بھیجیں“ ◂ ”سرور سے جوڑیں“ استعمال کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="48" />
            <source>The central admin has blocked this PC from syncing — ask IT</source>
            <translation>مرکزی ایڈمن نے اس کمپیوٹر کو روک دیا ہے — آئی ٹی سے پوچھیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="49" />
            <location filename="../../desktop/sync_status.py" line="50" />
            <source>The server does not accept this PC — ask IT</source>
            <translation>سرور یہ کمپیوٹر قبول نہیں کرتا — آئی ٹی سے پوچھیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="51" />
            <source>This PC's date or time is wrong — correct it, then sync again</source>
            <translation>اس کمپیوٹر کی تاریخ یا وقت غلط ہے — ٹھیک کریں، پھر دوبارہ بھیجیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="52" />
            <source>The server's certificate could not be checked — ask IT</source>
            <translation>سرور کا سرٹیفکیٹ چیک نہیں ہو سکا — آئی ٹی سے پوچھیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="53" />
            <source>The server address is not safe (https://) — ask IT</source>
            <translation>سرور کا پتا محفوظ نہیں (https://) — آئی ٹی سے پوچھیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="54" />
            <location filename="../../desktop/sync_status.py" line="55" />
            <location filename="../../desktop/sync_status.py" line="56" />
            <source>Sync needs the device key — open Sync to type it</source>
            <translation>بھیجنے کے لیے خفیہ کوڈ چاہیے — ”سرور کو بھیجیں“ کھول کر لکھیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="57" />
            <source>A problem on this PC stopped sync — see Sync</source>
            <translation>اس کمپیوٹر کے ایک مسئلے نے بھیجنا روک دیا — ”سرور کو بھیجیں“ دیکھیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="59" />
            <source>Sync stopped unexpectedly; your data is safe — see Sync</source>
            <translation>بھیجنا اچانک رک گیا؛ آپ کا ڈیٹا محفوظ ہے — ”سرور کو بھیجیں“ دیکھیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="73" />
            <source>trying again</source>
            <translation>دوبارہ کوشش ہو رہی ہے</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="75" />
            <source>next try in {n} s</source>
            <translation>{n} سیکنڈ بعد دوبارہ کوشش</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="76" />
            <source>next try in {n} min</source>
            <translation>{n} منٹ بعد دوبارہ کوشش</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="95" />
            <source>Everything has been sent</source>
            <translation>سب کچھ بھیج دیا گیا</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="98" />
            <source>1 record waiting to be sent</source>
            <translation>1 ریکارڈ بھیجنا باقی</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="99" />
            <source>{count} records waiting to be sent</source>
            <translation>{count} ریکارڈ بھیجنا باقی</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="102" />
            <source>1 record refused by the server — see Sync</source>
            <translation>سرور نے 1 ریکارڈ واپس کیا — ”سرور کو بھیجیں“ دیکھیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="103" />
            <source>{count} records refused by the server — see Sync</source>
            <translation>سرور نے {count} ریکارڈ واپس کیے — ”سرور کو بھیجیں“ دیکھیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="105" />
            <source>{count} waiting, {refused} refused — see Sync</source>
            <translation>{count} باقی، {refused} واپس — ”سرور کو بھیجیں“ دیکھیں</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="118" />
            <source>Checking sync…</source>
            <translation>بھیجنے کی حالت دیکھی جا رہی ہے…</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="122" />
            <source>Syncing with the server…</source>
            <translation>سرور کو بھیجا جا رہا ہے…</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="126" />
            <source>Connected to the server — not synced yet</source>
            <translation>سرور سے جڑا ہوا — ابھی کچھ نہیں بھیجا</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="127" />
            <source>Last sync {time}</source>
            <translation>آخری بار بھیجا {time}</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="130" />
            <source>{problem} — {wait}</source>
            <translation>{problem} — {wait}</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="132" />
            <source>{text} · last sync {time}</source>
            <translation>{text} · آخری بار بھیجا {time}</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="162" />
            <location filename="../../desktop/sync_status.py" line="212" />
            <source>Records saved on this PC that the central server has not received yet</source>
            <translation>اس کمپیوٹر پر محفوظ وہ ریکارڈ جو مرکزی سرور کو ابھی نہیں ملے</translation>
        </message>
        <message>
            <location filename="../../desktop/sync_status.py" line="247" />
            <source>Click to open the Sync screen.</source>
            <translation>”سرور کو بھیجیں“ والی اسکرین کھولنے کے لیے کلک کریں۔</translation>
        </message>
    </context>
    <context>
        <name>TextBox</name>
        <message>
            <location filename="../../desktop/survey_form.py" line="249" />
            <source>YYYY-MM-DD</source>
            <translation>سال-مہینہ-دن</translation>
        </message>
    </context>
    <context>
        <name>_FormDialog</name>
        <message>
            <location filename="../../desktop/people_dialog.py" line="128" />
            <source>Cancel</source>
            <translation>منسوخ</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="146" />
            <source>The two passwords are not the same. Type the new password again.</source>
            <translation>دونوں پاس ورڈ ایک جیسے نہیں۔ نیا پاس ورڈ دوبارہ لکھیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/people_dialog.py" line="176" />
            <source>Something went wrong; nothing was changed. Try again.</source>
            <translation>کچھ غلط ہو گیا؛ کچھ نہیں بدلا۔ دوبارہ کوشش کریں۔</translation>
        </message>
    </context>
    <context>
        <name>app</name>
        <message>
            <location filename="../../desktop/app.py" line="141" />
            <location filename="../../desktop/app.py" line="143" />
            <location filename="../../desktop/app.py" line="152" />
            <source>Daftar</source>
            <translation>دفتر</translation>
        </message>
        <message>
            <location filename="../../desktop/app.py" line="143" />
            <source>Restore this backup now? Work saved after it was made will have to be entered again.</source>
            <translation>کیا یہ بیک اپ ابھی واپس لائیں؟ اس کے بعد محفوظ کیا گیا کام دوبارہ درج کرنا ہو گا۔</translation>
        </message>
        <message>
            <location filename="../../desktop/app.py" line="180" />
            <source>Daftar cannot use its data folder ({error}). Nothing was changed; ask IT to check the folder.</source>
            <translation>دفتر اپنا ڈیٹا فولڈر استعمال نہیں کر سکتا ({error})۔ کچھ نہیں بدلا؛ آئی ٹی سے فولڈر چیک کروائیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/app.py" line="200" />
            <source>Daftar could not open its database in {folder}. Nothing was changed. Call IT; the details are in {log}.</source>
            <translation>دفتر اپنا ڈیٹا بیس ⁦{folder}⁩ میں نہیں کھول سکا۔ کچھ نہیں بدلا۔ آئی ٹی کو بلائیں؛ تفصیل ⁦{log}⁩ میں ہے۔</translation>
        </message>
    </context>
    <context>
        <name>messages</name>
        <message>
            <location filename="../../desktop/messages.py" line="48" />
            <location filename="../../desktop/messages.py" line="69" />
            <source>Daftar</source>
            <translation>دفتر</translation>
        </message>
        <message>
            <location filename="../../desktop/messages.py" line="65" />
            <source>Everything saved before this moment is kept. Close this message and try again; if it happens again, tell IT what you were doing.</source>
            <translation>اس لمحے سے پہلے محفوظ کیا گیا سب کچھ موجود ہے۔ یہ پیغام بند کر کے دوبارہ کوشش کریں؛ اگر پھر ہو تو آئی ٹی کو بتائیں کہ آپ کیا کر رہے تھے۔</translation>
        </message>
        <message>
            <location filename="../../desktop/messages.py" line="68" />
            <source>Details for IT are in {path}.</source>
            <translation>آئی ٹی کے لیے تفصیل ⁦{path}⁩ میں ہے۔</translation>
        </message>
        <message>
            <location filename="../../desktop/messages.py" line="70" />
            <source>Something went wrong; your data is safe.</source>
            <translation>کچھ غلط ہو گیا؛ آپ کا ڈیٹا محفوظ ہے۔</translation>
        </message>
    </context>
    <context>
        <name>receipt</name>
        <message>
            <location filename="../../desktop/receipt.py" line="66" />
            <location filename="../../desktop/receipt.py" line="110" />
            <source>Receipt {number}</source>
            <translation>رسید ⁦{number}⁩</translation>
        </message>
        <message>
            <location filename="../../desktop/receipt.py" line="91" />
            <source>The receipt could not be saved in {folder}. Choose another folder.</source>
            <translation>رسید ⁦{folder}⁩ میں محفوظ نہیں ہو سکی۔ کوئی اور فولڈر چنیں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/receipt.py" line="113" />
            <source>Print receipt</source>
            <translation>رسید پرنٹ کریں</translation>
        </message>
        <message>
            <location filename="../../desktop/receipt.py" line="118" />
            <source>The printer could not be used. Check that it is switched on, or save the receipt as a PDF.</source>
            <translation>پرنٹر استعمال نہیں ہو سکا۔ دیکھیں کہ پرنٹر آن ہے، یا رسید PDF میں محفوظ کریں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/receipt.py" line="249" />
            <source>Receipt for a service request</source>
            <translation>سروس کی درخواست کی رسید</translation>
        </message>
        <message>
            <location filename="../../desktop/receipt.py" line="259" />
            <source>Tracking number</source>
            <translation>ٹریکنگ نمبر</translation>
        </message>
        <message>
            <location filename="../../desktop/receipt.py" line="267" />
            <source>Registered: {when}</source>
            <translation>درج ہوئی: {when}</translation>
        </message>
        <message>
            <location filename="../../desktop/receipt.py" line="269" />
            <source>Due by: {date}</source>
            <translation>آخری تاریخ: {date}</translation>
        </message>
        <message>
            <location filename="../../desktop/receipt.py" line="278" />
            <source>Citizen</source>
            <translation>شہری</translation>
        </message>
        <message>
            <location filename="../../desktop/receipt.py" line="280" />
            <source>CNIC</source>
            <translation>شناختی کارڈ نمبر</translation>
        </message>
        <message>
            <location filename="../../desktop/receipt.py" line="281" />
            <source>Service</source>
            <translation>سروس</translation>
        </message>
        <message>
            <location filename="../../desktop/receipt.py" line="282" />
            <source>Official fee</source>
            <translation>سرکاری فیس</translation>
        </message>
        <message>
            <location filename="../../desktop/receipt.py" line="298" />
            <source>Documents to bring</source>
            <translation>ساتھ لانے والے کاغذات</translation>
        </message>
        <message>
            <location filename="../../desktop/receipt.py" line="313" />
            <source>Keep this receipt; quote the tracking number when you ask about your request. Pay only the official fee shown above.</source>
            <translation>یہ رسید سنبھال کر رکھیں؛ اپنی درخواست کے بارے میں پوچھتے وقت ٹریکنگ نمبر بتائیں۔ صرف اوپر لکھی سرکاری فیس ادا کریں۔</translation>
        </message>
        <message>
            <location filename="../../desktop/receipt.py" line="318" />
            <source>Complaints: {contact}</source>
            <translation>شکایت: {contact}</translation>
        </message>
    </context>
    <context>
        <name>sign_in</name>
        <message>
            <location filename="../../desktop/sign_in.py" line="42" />
            <source>Something went wrong; nothing was changed. Try again.</source>
            <translation>کچھ غلط ہو گیا؛ کچھ نہیں بدلا۔ دوبارہ کوشش کریں۔</translation>
        </message>
    </context>
    <context>
        <name>store</name>
        <message>
            <location filename="../../store/accounts.py" line="113" />
            <location filename="../../store/accounts.py" line="284" />
            <source>Please sign in first.</source>
            <translation>پہلے سائن ان کریں۔</translation>
        </message>
        <message>
            <location filename="../../store/accounts.py" line="119" />
            <location filename="../../store/accounts.py" line="240" />
            <source>Your account has been switched off. Ask the office admin.</source>
            <translation>آپ کا اکاؤنٹ بند کر دیا گیا ہے۔ دفتر ایڈمن سے بات کریں۔</translation>
        </message>
        <message>
            <location filename="../../store/accounts.py" line="121" />
            <source>You have been signed out. Please sign in again.</source>
            <translation>آپ سائن آؤٹ ہو گئے ہیں۔ دوبارہ سائن ان کریں۔</translation>
        </message>
        <message>
            <location filename="../../store/accounts.py" line="123" />
            <source>Your sign-in has ended after {hours} hours. Please sign in again; nothing was changed.</source>
            <translation>{hours} گھنٹے بعد آپ کا سائن ان ختم ہو گیا ہے۔ دوبارہ سائن ان کریں؛ کچھ نہیں بدلا۔</translation>
        </message>
        <message>
            <location filename="../../store/accounts.py" line="165" />
            <source>This PC already has accounts; an office admin must sign in to add people.</source>
            <translation>اس کمپیوٹر پر پہلے سے اکاؤنٹ موجود ہیں؛ لوگ شامل کرنے کے لیے دفتر ایڈمن کا سائن ان کرنا ضروری ہے۔</translation>
        </message>
        <message>
            <location filename="../../store/accounts.py" line="185" />
            <source>Only the office admin can change another person's password.</source>
            <translation>کسی اور کا پاس ورڈ صرف دفتر ایڈمن بدل سکتا ہے۔</translation>
        </message>
        <message>
            <location filename="../../store/accounts.py" line="205" />
            <source>You cannot switch off your own account.</source>
            <translation>آپ اپنا اکاؤنٹ خود بند نہیں کر سکتے۔</translation>
        </message>
        <message>
            <location filename="../../store/accounts.py" line="235" />
            <source>Wrong user name or password.</source>
            <translation>صارف نام یا پاس ورڈ غلط ہے۔</translation>
        </message>
        <message>
            <location filename="../../store/accounts.py" line="406" />
            <source>Only the office admin can manage people's accounts.</source>
            <translation>لوگوں کے اکاؤنٹ صرف دفتر ایڈمن سنبھال سکتا ہے۔</translation>
        </message>
        <message>
            <location filename="../../store/accounts.py" line="415" />
            <source>There is no account with the user name {name}.</source>
            <translation>صارف نام ⁦{name}⁩ والا کوئی اکاؤنٹ نہیں۔</translation>
        </message>
        <message>
            <location filename="../../store/accounts.py" line="440" />
            <source>Wrong user name or password. {left} more tries before the account is locked for {minutes} minutes.</source>
            <translation>صارف نام یا پاس ورڈ غلط ہے۔ {left} کوششیں باقی ہیں، پھر اکاؤنٹ {minutes} منٹ کے لیے لاک ہو جائے گا۔</translation>
        </message>
        <message>
            <location filename="../../store/accounts.py" line="449" />
            <source>Too many wrong passwords: this account is locked until {time}. Wait, or ask the office admin to unlock it.</source>
            <translation>بہت زیادہ غلط پاس ورڈ: یہ اکاؤنٹ {time} تک لاک ہے۔ انتظار کریں، یا دفتر ایڈمن سے ان لاک کروائیں۔</translation>
        </message>
        <message>
            <location filename="../../store/backup.py" line="300" />
            <source>There is no database to back up in {folder}.</source>
            <translation>⁦{folder}⁩ میں بیک اپ کے لیے کوئی ڈیٹا بیس نہیں۔</translation>
        </message>
        <message>
            <location filename="../../store/backup.py" line="319" />
            <source>The database in {folder} is not a Daftar database; nothing was backed up.</source>
            <translation>⁦{folder}⁩ والا ڈیٹا بیس دفتر کا نہیں؛ کوئی بیک اپ نہیں بنا۔</translation>
        </message>
        <message>
            <location filename="../../store/backup.py" line="325" />
            <source>The backup could not be made ({error}). Nothing was changed; call IT if this repeats.</source>
            <translation>بیک اپ نہیں بن سکا ({error})۔ کچھ نہیں بدلا؛ اگر دوبارہ ہو تو آئی ٹی کو بلائیں۔</translation>
        </message>
        <message>
            <location filename="../../store/backup.py" line="336" />
            <source>The backup did not verify; it was not kept. Call IT: the disk may be failing.</source>
            <translation>بیک اپ کی جانچ درست نہیں نکلی؛ اسے نہیں رکھا گیا۔ آئی ٹی کو بلائیں: ڈسک خراب ہو سکتی ہے۔</translation>
        </message>
        <message>
            <location filename="../../store/backup.py" line="432" />
            <source>The database file is damaged and there is no good backup on this PC. Stop and call IT; nothing was changed.</source>
            <translation>ڈیٹا بیس فائل خراب ہے اور اس کمپیوٹر پر کوئی اچھا بیک اپ نہیں۔ کام روک دیں اور آئی ٹی کو بلائیں؛ کچھ نہیں بدلا۔</translation>
        </message>
        <message>
            <location filename="../../store/backup.py" line="435" />
            <source>The database file is damaged. The newest good backup is {backup}. Restore it (daftar restore "{backup}") or call IT; nothing was changed.</source>
            <translation>ڈیٹا بیس فائل خراب ہے۔ سب سے نیا اچھا بیک اپ ⁦{backup}⁩ ہے۔ اسے واپس لائیں (⁦daftar restore "{backup}"⁩) یا آئی ٹی کو بلائیں؛ کچھ نہیں بدلا۔</translation>
        </message>
        <message>
            <location filename="../../store/backup.py" line="461" />
            <source>There is no file {file}.</source>
            <translation>فائل ⁦{file}⁩ موجود نہیں۔</translation>
        </message>
        <message>
            <location filename="../../store/backup.py" line="475" />
            <source>{file} cannot be read with this PC's key: it is not a Daftar backup, it is damaged, or it was made on another PC (IT can restore that one with --force --key-file and that PC's office admin password). Nothing was changed.</source>
            <translation>⁦{file}⁩ اس کمپیوٹر کی خفیہ چابی سے نہیں پڑھا جا سکتا: یہ دفتر کا بیک اپ نہیں، خراب ہے، یا کسی اور کمپیوٹر پر بنا ہے (ایسا بیک اپ آئی ٹی ⁦--force --key-file⁩ اور اُس کمپیوٹر کے دفتر ایڈمن کے پاس ورڈ سے واپس لا سکتا ہے)۔ کچھ نہیں بدلا۔</translation>
        </message>
        <message>
            <location filename="../../store/backup.py" line="480" />
            <source>{file} is damaged (integrity check failed); it cannot be restored. Nothing was changed; try an older backup.</source>
            <translation>⁦{file}⁩ خراب ہے (جانچ ناکام)؛ اسے واپس نہیں لایا جا سکتا۔ کچھ نہیں بدلا؛ کوئی پرانا بیک اپ آزمائیں۔</translation>
        </message>
        <message>
            <location filename="../../store/backup.py" line="484" />
            <source>{file} is not a Daftar backup. Nothing was changed.</source>
            <translation>⁦{file}⁩ دفتر کا بیک اپ نہیں۔ کچھ نہیں بدلا۔</translation>
        </message>
        <message>
            <location filename="../../store/backup.py" line="487" />
            <source>{file} was made by a newer version of Daftar (schema {rev}). Install that version first; nothing was changed.</source>
            <translation>⁦{file}⁩ دفتر کے نئے ورژن سے بنا ہے (schema ⁦{rev}⁩)۔ پہلے وہ ورژن انسٹال کریں؛ کچھ نہیں بدلا۔</translation>
        </message>
        <message>
            <location filename="../../store/backup.py" line="549" />
            <source>{file} is from another PC or office (office {office}); it was not restored. IT can move a failed PC's data with --force, then enroll this PC again.</source>
            <translation>⁦{file}⁩ کسی اور کمپیوٹر یا دفتر کا ہے (دفتر ⁦{office}⁩)؛ اسے واپس نہیں لایا گیا۔ آئی ٹی خراب کمپیوٹر کا ڈیٹا --force سے منتقل کر سکتا ہے، پھر اس کمپیوٹر کو دوبارہ جوڑے۔</translation>
        </message>
        <message>
            <location filename="../../store/backup.py" line="571" />
            <source>The copy of {file} did not verify; nothing was changed. Call IT: the disk may be failing.</source>
            <translation>⁦{file}⁩ کی نقل کی جانچ درست نہیں نکلی؛ کچھ نہیں بدلا۔ آئی ٹی کو بلائیں: ڈسک خراب ہو سکتی ہے۔</translation>
        </message>
        <message>
            <location filename="../../store/backup.py" line="610" />
            <source>Daftar (or another program) still has the database open. Close it and try again; nothing was changed.</source>
            <translation>دفتر (یا کوئی اور پروگرام) ابھی ڈیٹا بیس کھولے ہوئے ہے۔ اسے بند کر کے دوبارہ کوشش کریں؛ کچھ نہیں بدلا۔</translation>
        </message>
        <message>
            <location filename="../../store/cli_ops.py" line="114" />
            <source>There is no terminal to type the password on: give it on standard input with --password-stdin.</source>
            <translation>یہاں پاس ورڈ لکھنے کے لیے کوئی ٹرمینل نہیں: اسے ⁦--password-stdin⁩ کے ساتھ معیاری اِن پٹ پر دیں۔</translation>
        </message>
        <message>
            <location filename="../../store/cli_users.py" line="37" />
            <source>Type your password at the prompt, or give it to a script in the {env} environment variable.</source>
            <translation>پاس ورڈ پوچھے جانے پر لکھیں، یا اسکرپٹ کو ⁦{env}⁩ نامی environment variable میں دیں۔</translation>
        </message>
        <message>
            <location filename="../../store/cli_users.py" line="47" />
            <source>Sign in first: give your user name with --user NAME (before the command) or in DAFTAR_USER.</source>
            <translation>پہلے سائن ان کریں: اپنا صارف نام ⁦--user NAME⁩ کے ساتھ (کمانڈ سے پہلے) یا ⁦DAFTAR_USER⁩ میں دیں۔</translation>
        </message>
        <message>
            <location filename="../../store/cli_users.py" line="54" />
            <location filename="../../store/store.py" line="354" />
            <source>Your role ({role}) does not handle service requests.</source>
            <translation>آپ کا عہدہ ({role}) سروس کی درخواستوں پر کام نہیں کرتا۔</translation>
        </message>
        <message>
            <location filename="../../store/cli_users.py" line="56" />
            <source>Your role ({role}) may not do this.</source>
            <translation>آپ کا عہدہ ({role}) یہ کام نہیں کر سکتا۔</translation>
        </message>
        <message>
            <location filename="../../store/cli_users.py" line="109" />
            <source>The two passwords are not the same; nothing was changed.</source>
            <translation>دونوں پاس ورڈ ایک جیسے نہیں؛ کچھ نہیں بدلا۔</translation>
        </message>
        <message>
            <location filename="../../store/cli_users.py" line="119" />
            <source>This PC has no accounts yet: the first one must be the office admin (--role office_admin).</source>
            <translation>اس کمپیوٹر پر ابھی کوئی اکاؤنٹ نہیں: پہلا اکاؤنٹ دفتر ایڈمن کا ہونا چاہیے (⁦--role office_admin⁩)۔</translation>
        </message>
        <message>
            <location filename="../../store/db.py" line="110" />
            <source>The database could not be opened safely (journal mode {mode}, synchronous {sync}). Call IT; nothing was changed.</source>
            <translation>ڈیٹا بیس محفوظ طریقے سے نہیں کھل سکا (journal mode ⁦{mode}⁩، synchronous ⁦{sync}⁩)۔ آئی ٹی کو بلائیں؛ کچھ نہیں بدلا۔</translation>
        </message>
        <message>
            <location filename="../../store/errors.py" line="65" />
            <source>The disk is full. Nothing was saved from this step; free some space and try again.</source>
            <translation>ڈسک بھر گئی ہے۔ اس قدم سے کچھ محفوظ نہیں ہوا؛ کچھ جگہ خالی کریں اور دوبارہ کوشش کریں۔</translation>
        </message>
        <message>
            <location filename="../../store/errors.py" line="67" />
            <source>The database is busy (another Daftar window?). Nothing was saved from this step; try again.</source>
            <translation>ڈیٹا بیس مصروف ہے (کیا دفتر کی کوئی اور ونڈو کھلی ہے؟)۔ اس قدم سے کچھ محفوظ نہیں ہوا؛ دوبارہ کوشش کریں۔</translation>
        </message>
        <message>
            <location filename="../../store/errors.py" line="69" />
            <source>The data folder cannot be written to. Nothing was saved from this step; ask IT to check the folder's permissions.</source>
            <translation>ڈیٹا فولڈر میں لکھا نہیں جا سکتا۔ اس قدم سے کچھ محفوظ نہیں ہوا؛ آئی ٹی سے فولڈر کی اجازتیں چیک کروائیں۔</translation>
        </message>
        <message>
            <location filename="../../store/errors.py" line="74" />
            <source>The disk reported an error while saving, so this step may or may not have been saved. Look it up before entering it again. If it happens again, call IT.</source>
            <translation>محفوظ کرتے وقت ڈسک نے خرابی بتائی، اس لیے معلوم نہیں کہ یہ قدم محفوظ ہوا یا نہیں۔ دوبارہ درج کرنے سے پہلے دیکھ لیں کہ یہ درج ہے یا نہیں۔ اگر پھر ایسا ہو تو آئی ٹی کو بلائیں۔</translation>
        </message>
        <message>
            <location filename="../../store/errors.py" line="78" />
            <source>The disk could not be written to (a disk error, or no space left). Nothing was saved from this step; check that the disk has free space and try again. If it happens again, call IT.</source>
            <translation>ڈسک میں لکھا نہیں جا سکا (ڈسک کی خرابی، یا جگہ ختم)۔ اس قدم سے کچھ محفوظ نہیں ہوا؛ دیکھیں کہ ڈسک میں خالی جگہ ہے، پھر دوبارہ کوشش کریں۔ اگر پھر ایسا ہو تو آئی ٹی کو بلائیں۔</translation>
        </message>
        <message>
            <location filename="../../store/errors.py" line="80" />
            <source>The database file is damaged or the disk failed. Stop and call IT; a backup can be restored.</source>
            <translation>ڈیٹا بیس فائل خراب ہے یا ڈسک خراب ہو گئی۔ کام روک دیں اور آئی ٹی کو بلائیں؛ بیک اپ واپس لایا جا سکتا ہے۔</translation>
        </message>
        <message>
            <location filename="../../store/keys.py" line="72" />
            <source>This PC's data is locked: the key of its database is not in this PC's keyring. An office admin can unlock it with their password (at start, or with "daftar unlock"). Nothing was changed.</source>
            <translation>اس کمپیوٹر کا ڈیٹا لاک ہے: اس کے ڈیٹا بیس کی خفیہ چابی اس کمپیوٹر پر کی رنگ (keyring) میں موجود نہیں۔ دفتر ایڈمن اپنے پاس ورڈ سے اسے ان لاک کر سکتا ہے (شروع میں، یا ⁦daftar unlock⁩ سے)۔ کچھ نہیں بدلا۔</translation>
        </message>
        <message>
            <location filename="../../store/keys.py" line="77" />
            <source>This PC's data is locked: its key file ({file}) is missing from the data folder. Call IT to put it back from where it was kept; nothing was changed.</source>
            <translation>اس کمپیوٹر کا ڈیٹا لاک ہے: اس کی چابی کی فائل (⁦{file}⁩) ڈیٹا فولڈر میں نہیں۔ آئی ٹی کو بلائیں تاکہ وہ اسے وہاں سے واپس لائیں جہاں یہ رکھی گئی تھی؛ کچھ نہیں بدلا۔</translation>
        </message>
        <message>
            <location filename="../../store/keys.py" line="98" />
            <source>The key file of this PC's data ({file}) is damaged or cannot be read. Stop and call IT; nothing was changed.</source>
            <translation>اس کمپیوٹر کے ڈیٹا کی چابی کی فائل (⁦{file}⁩) خراب ہے یا پڑھی نہیں جا سکتی۔ کام روک دیں اور آئی ٹی کو بلائیں؛ کچھ نہیں بدلا۔</translation>
        </message>
        <message>
            <location filename="../../store/keys.py" line="102" />
            <source>The key file of this PC's data ({file}) is not one this version of Daftar understands. Call IT; nothing was changed.</source>
            <translation>اس کمپیوٹر کے ڈیٹا کی چابی کی فائل (⁦{file}⁩) دفتر کا یہ ورژن نہیں سمجھ سکتا۔ آئی ٹی کو بلائیں؛ کچھ نہیں بدلا۔</translation>
        </message>
        <message>
            <location filename="../../store/keys.py" line="236" />
            <source>This data folder already has a database key; a new one was not made. Call IT; nothing was changed.</source>
            <translation>اس ڈیٹا فولڈر میں پہلے سے ڈیٹا بیس کی خفیہ چابی موجود ہے؛ نئی چابی نہیں بنائی گئی۔ آئی ٹی کو بلائیں؛ کچھ نہیں بدلا۔</translation>
        </message>
        <message>
            <location filename="../../store/keys.py" line="295" />
            <source>The database file is damaged (it is not a database file) and this data folder has no key file. Stop and call IT; nothing was changed.</source>
            <translation>ڈیٹا بیس فائل خراب ہے (یہ ڈیٹا بیس فائل نہیں) اور اس ڈیٹا فولڈر میں چابی کی فائل نہیں۔ کام روک دیں اور آئی ٹی کو بلائیں؛ کچھ نہیں بدلا۔</translation>
        </message>
        <message>
            <location filename="../../store/keys.py" line="342" />
            <source>An empty password cannot protect the data.</source>
            <translation>خالی پاس ورڈ ڈیٹا کی حفاظت نہیں کر سکتا۔</translation>
        </message>
        <message>
            <location filename="../../store/keys.py" line="345" />
            <source>This data folder has no database key yet.</source>
            <translation>اس ڈیٹا فولڈر میں ابھی ڈیٹا بیس کی خفیہ چابی نہیں۔</translation>
        </message>
        <message>
            <location filename="../../store/keys.py" line="347" />
            <source>That is not this data folder's key; the password was not added. Call IT.</source>
            <translation>یہ اس ڈیٹا فولڈر کی خفیہ چابی نہیں؛ پاس ورڈ شامل نہیں کیا گیا۔ آئی ٹی کو بلائیں۔</translation>
        </message>
        <message>
            <location filename="../../store/keys.py" line="407" />
            <source>That password does not unlock this PC's data. Check it (and the keyboard language) and try again.</source>
            <translation>اس پاس ورڈ سے اس کمپیوٹر کا ڈیٹا ان لاک نہیں ہوتا۔ پاس ورڈ (اور کی بورڈ کی زبان) چیک کریں اور دوبارہ کوشش کریں۔</translation>
        </message>
        <message>
            <location filename="../../store/keys.py" line="417" />
            <source>This data folder has no key file ({file}); there is nothing to unlock.</source>
            <translation>اس ڈیٹا فولڈر میں چابی کی فائل (⁦{file}⁩) نہیں؛ ان لاک کرنے کے لیے کچھ نہیں۔</translation>
        </message>
        <message>
            <location filename="../../store/keys.py" line="420" />
            <source>No office admin password protects this PC's data yet, so it cannot be unlocked with one. Call IT.</source>
            <translation>اس کمپیوٹر کا ڈیٹا ابھی کسی دفتر ایڈمن کے پاس ورڈ سے محفوظ نہیں، اس لیے اسے پاس ورڈ سے ان لاک نہیں کیا جا سکتا۔ آئی ٹی کو بلائیں۔</translation>
        </message>
        <message>
            <location filename="../../store/keys.py" line="440" />
            <source>There is no key file {file}.</source>
            <translation>چابی کی فائل ⁦{file}⁩ موجود نہیں۔</translation>
        </message>
        <message>
            <location filename="../../store/store.py" line="139" />
            <source>The database could not be encrypted ({error}). Nothing was lost; free some disk space or call IT.</source>
            <translation>ڈیٹا بیس کو خفیہ (encrypt) نہیں کیا جا سکا ({error})۔ کچھ ضائع نہیں ہوا؛ ڈسک پر کچھ جگہ خالی کریں یا آئی ٹی کو بلائیں۔</translation>
        </message>
        <message>
            <location filename="../../store/store.py" line="178" />
            <location filename="../../store/store.py" line="446" />
            <source>There is no office with code {code}.</source>
            <translation>کوڈ ⁦{code}⁩ والا کوئی دفتر نہیں۔</translation>
        </message>
        <message>
            <location filename="../../store/store.py" line="303" />
            <source>A request that is "{current}" cannot become "{target}".</source>
            <translation>جو درخواست ”{current}“ ہو وہ ”{target}“ نہیں بن سکتی۔</translation>
        </message>
        <message>
            <location filename="../../store/store.py" line="307" />
            <source>Your role ({role}) may not do this step; ask a supervisor.</source>
            <translation>آپ کا عہدہ ({role}) یہ قدم نہیں اٹھا سکتا؛ سپروائزر سے کہیں۔</translation>
        </message>
        <message>
            <location filename="../../store/store.py" line="345" />
            <source>Feedback can be recorded once the request is done, rejected or closed.</source>
            <translation>رائے تب درج ہو سکتی ہے جب درخواست مکمل، مسترد یا بند ہو جائے۔</translation>
        </message>
        <message>
            <location filename="../../store/store.py" line="380" />
            <source>No request {ref} on this PC.</source>
            <translation>اس کمپیوٹر پر درخواست ⁦{ref}⁩ نہیں ہے۔</translation>
        </message>
        <message>
            <location filename="../../store/store.py" line="451" />
            <source>This PC already holds records of office {office}; it cannot be moved to another office.</source>
            <translation>اس کمپیوٹر پر دفتر ⁦{office}⁩ کے ریکارڈ ہیں؛ اسے کسی اور دفتر میں منتقل نہیں کیا جا سکتا۔</translation>
        </message>
        <message>
            <location filename="../../store/surveys.py" line="154" />
            <source>This interview was started by {name}; only they (or a supervisor) can change it.</source>
            <translation>یہ انٹرویو ⁨{name}⁩ نے شروع کیا تھا؛ اسے صرف وہی (یا کوئی سپروائزر) بدل سکتے ہیں۔</translation>
        </message>
        <message>
            <location filename="../../store/surveys.py" line="222" />
            <source>There is no form {form}. Import it first.</source>
            <translation>فارم ⁦{form}⁩ موجود نہیں۔ پہلے اسے شامل کریں۔</translation>
        </message>
        <message>
            <location filename="../../store/surveys.py" line="231" />
            <source>There is no version {version} of form {form}.</source>
            <translation>فارم ⁦{form}⁩ کا ورژن ⁦{version}⁩ موجود نہیں۔</translation>
        </message>
        <message>
            <location filename="../../store/surveys.py" line="247" />
            <source>This form has no {language} version; it has: {languages}.</source>
            <translation>اس فارم کا {language} ورژن نہیں؛ یہ زبانیں ہیں: {languages}۔</translation>
        </message>
        <message>
            <location filename="../../store/surveys.py" line="272" />
            <location filename="../../store/surveys.py" line="319" />
            <source>This response is final and cannot be changed.</source>
            <translation>یہ انٹرویو مکمل ہو چکا ہے اور بدلا نہیں جا سکتا۔</translation>
        </message>
        <message>
            <location filename="../../store/surveys.py" line="277" />
            <source>This form has no question {name}.</source>
            <translation>اس فارم میں سوال ⁨{name}⁩ نہیں ہے۔</translation>
        </message>
        <message>
            <location filename="../../store/surveys.py" line="341" />
            <source>This response is already final.</source>
            <translation>یہ انٹرویو پہلے ہی مکمل ہو چکا ہے۔</translation>
        </message>
        <message>
            <location filename="../../store/surveys.py" line="415" />
            <source>There is no survey response {id}.</source>
            <translation>سروے انٹرویو ⁦{id}⁩ موجود نہیں۔</translation>
        </message>
        <message>
            <location filename="../../store/surveys.py" line="445" />
            <source>The area must be urban or rural.</source>
            <translation>علاقہ شہری یا دیہی ہونا چاہیے۔</translation>
        </message>
        <message>
            <location filename="../../store/surveys.py" line="447" />
            <source>The respondent type must be one of: {types}.</source>
            <translation>جواب دینے والے کی قسم ان میں سے ایک ہو: {types}۔</translation>
        </message>
        <message>
            <location filename="../../store/surveys.py" line="451" />
            <source>The target must be a whole number, 0 or more.</source>
            <translation>ہدف پورا عدد ہو، 0 یا اس سے زیادہ۔</translation>
        </message>
        <message>
            <location filename="../../store/surveys.py" line="456" />
            <source>Only a supervisor or the office admin can set targets.</source>
            <translation>ہدف صرف سپروائزر یا دفتر ایڈمن مقرر کر سکتا ہے۔</translation>
        </message>
        <message>
            <location filename="../../store/surveys.py" line="459" />
            <source>There is no district {district}.</source>
            <translation>ضلع {district} موجود نہیں۔</translation>
        </message>
        <message>
            <location filename="../../store/surveys.py" line="521" />
            <source>Version {version} of form {form} is already imported with different content. Give the changed form a new version in its settings sheet.</source>
            <translation>فارم ⁦{form}⁩ کا ورژن ⁦{version}⁩ پہلے سے مختلف مواد کے ساتھ موجود ہے۔ بدلے ہوئے فارم کو اس کی settings شیٹ میں نیا ورژن دیں۔</translation>
        </message>
    </context>
    <context>
        <name>surveys</name>
        <message>
            <location filename="../../models/forms/engine.py" line="107" />
            <source>This question is not answered by hand.</source>
            <translation>اس سوال کا جواب ہاتھ سے نہیں دیا جاتا۔</translation>
        </message>
        <message>
            <location filename="../../models/forms/engine.py" line="120" />
            <source>Please type a whole number, like 25.</source>
            <translation>پورا عدد لکھیں، جیسے 25۔</translation>
        </message>
        <message>
            <location filename="../../models/forms/engine.py" line="130" />
            <source>Please type a number, like 2.5.</source>
            <translation>عدد لکھیں، جیسے 2.5۔</translation>
        </message>
        <message>
            <location filename="../../models/forms/engine.py" line="138" />
            <source>Please give a date as year-month-day, like 2026-11-28.</source>
            <translation>تاریخ سال-مہینہ-دن کی صورت میں لکھیں، جیسے ⁦2026-11-28⁩۔</translation>
        </message>
        <message>
            <location filename="../../models/forms/engine.py" line="145" />
            <source>Please choose one answer.</source>
            <translation>ایک جواب چنیں۔</translation>
        </message>
        <message>
            <location filename="../../models/forms/engine.py" line="150" />
            <source>"{value}" is not one of the choices.</source>
            <translation>”{value}“ دیے گئے جوابات میں سے نہیں۔</translation>
        </message>
    </context>
    <context>
        <name>sync</name>
        <message>
            <location filename="../../sync/client.py" line="98" />
            <source>"{url}" is not a server address. It should look like https://daftar.example.gov.pk</source>
            <translation>”⁦{url}⁩“ سرور کا پتا نہیں۔ یہ ایسا ہونا چاہیے: ⁦https://daftar.example.gov.pk⁩</translation>
        </message>
        <message>
            <location filename="../../sync/client.py" line="101" />
            <source>The server address must start with https:// so that nobody on the way can read or change the records. (Plain http:// is allowed only to this PC, or with --insecure for testing.)</source>
            <translation>سرور کا پتا https:// سے شروع ہونا چاہیے تاکہ راستے میں کوئی ریکارڈ پڑھ یا بدل نہ سکے۔ (سادہ http:// صرف اسی کمپیوٹر کے لیے، یا ٹیسٹ کے لیے --insecure کے ساتھ چلتا ہے۔)</translation>
        </message>
        <message>
            <location filename="../../sync/client.py" line="132" />
            <source>This PC was revoked by the central admin and can no longer sync. Its records stay on this PC; ask IT to enroll it again.</source>
            <translation>مرکزی ایڈمن نے اس کمپیوٹر کو روک دیا ہے اور یہ اب سرور کو نہیں بھیج سکتا۔ اس کے ریکارڈ اسی کمپیوٹر پر رہیں گے؛ آئی ٹی سے اسے دوبارہ جڑوائیں۔</translation>
        </message>
        <message>
            <location filename="../../sync/client.py" line="136" />
            <source>This PC's date or time is wrong, so the server refuses it. Set the correct date and time, then sync again.</source>
            <translation>اس کمپیوٹر کی تاریخ یا وقت غلط ہے، اس لیے سرور اسے قبول نہیں کرتا۔ صحیح تاریخ اور وقت لگائیں، پھر دوبارہ بھیجیں۔</translation>
        </message>
        <message>
            <location filename="../../sync/client.py" line="138" />
            <source>The server does not accept this PC ({detail}). Ask IT to enroll it again.</source>
            <translation>سرور یہ کمپیوٹر قبول نہیں کرتا ({detail})۔ آئی ٹی سے اسے دوبارہ جڑوائیں۔</translation>
        </message>
        <message>
            <location filename="../../sync/client.py" line="141" />
            <source>The server is busy. Sync will try again shortly.</source>
            <translation>سرور مصروف ہے۔ تھوڑی دیر میں دوبارہ بھیجنے کی کوشش ہو گی۔</translation>
        </message>
        <message>
            <location filename="../../sync/client.py" line="143" />
            <source>The server had a problem (error {status}). Records stay on this PC and are sent on the next try.</source>
            <translation>سرور میں مسئلہ ہوا (خرابی ⁦{status}⁩)۔ ریکارڈ اسی کمپیوٹر پر ہیں اور اگلی کوشش میں بھیجے جائیں گے۔</translation>
        </message>
        <message>
            <location filename="../../sync/client.py" line="146" />
            <source>The server refused the enrollment: {detail}</source>
            <translation>سرور نے جوڑنے سے انکار کیا: {detail}</translation>
        </message>
        <message>
            <location filename="../../sync/client.py" line="149" />
            <source>The server refused the request: {detail}</source>
            <translation>سرور نے درخواست قبول نہیں کی: {detail}</translation>
        </message>
        <message>
            <location filename="../../sync/client.py" line="159" />
            <source>The server's certificate could not be verified, so nothing was sent. Check the server address, the PC's date, or ask IT.</source>
            <translation>سرور کے سرٹیفکیٹ کی تصدیق نہیں ہو سکی، اس لیے کچھ نہیں بھیجا گیا۔ سرور کا پتا اور کمپیوٹر کی تاریخ چیک کریں، یا آئی ٹی سے پوچھیں۔</translation>
        </message>
        <message>
            <location filename="../../sync/client.py" line="266" />
            <source>This PC has no device key loaded ({detail}).</source>
            <translation>اس کمپیوٹر میں خفیہ کوڈ موجود نہیں ({detail})۔</translation>
        </message>
        <message>
            <location filename="../../sync/client.py" line="281" />
            <source>The server's answer could not be read (is the address right, and the server up to date?). Records stay on this PC.</source>
            <translation>سرور کا جواب پڑھا نہیں جا سکا (کیا پتا صحیح ہے، اور سرور نیا ہے؟)۔ ریکارڈ اسی کمپیوٹر پر ہیں۔</translation>
        </message>
        <message>
            <location filename="../../sync/client.py" line="350" />
            <source>The server enrolled another device id than this PC's. Nothing was changed here; ask IT.</source>
            <translation>سرور نے کسی اور کمپیوٹر کا نمبر جوڑ دیا۔ یہاں کچھ نہیں بدلا؛ آئی ٹی سے پوچھیں۔</translation>
        </message>
        <message>
            <location filename="../../sync/client.py" line="358" />
            <source>This PC already holds requests of office {local}, but the token is for office {server}. Ask the central admin for a token for {local}.</source>
            <translation>اس کمپیوٹر پر دفتر ⁦{local}⁩ کی درخواستیں ہیں، مگر ٹوکن دفتر ⁦{server}⁩ کا ہے۔ مرکزی ایڈمن سے ⁦{local}⁩ کا ٹوکن لیں۔</translation>
        </message>
        <message>
            <location filename="../../sync/credentials.py" line="70" />
            <source>The device key you typed is not valid. Check it and try again.</source>
            <translation>آپ کا لکھا خفیہ کوڈ درست نہیں۔ چیک کر کے دوبارہ کوشش کریں۔</translation>
        </message>
        <message>
            <location filename="../../sync/credentials.py" line="116" />
            <source>The device key of this PC is missing from the keyring. Ask the central admin for a new token and enroll this PC again.</source>
            <translation>اس کمپیوٹر کا خفیہ کوڈ کی رنگ (keyring) میں نہیں ملا۔ مرکزی ایڈمن سے نیا ٹوکن لیں اور کمپیوٹر دوبارہ جوڑیں۔</translation>
        </message>
        <message>
            <location filename="../../sync/engine.py" line="180" />
            <source>Sync failed unexpectedly; your data is safe on this PC.</source>
            <translation>بھیجنا اچانک ناکام ہو گیا؛ آپ کا ڈیٹا اس کمپیوٹر پر محفوظ ہے۔</translation>
        </message>
        <message>
            <location filename="../../sync/engine.py" line="279" />
            <source>The server's change feed went backwards. Nothing was changed here; ask IT.</source>
            <translation>سرور کی تبدیلیوں کی ترتیب پیچھے چلی گئی۔ یہاں کچھ نہیں بدلا؛ آئی ٹی سے پوچھیں۔</translation>
        </message>
        <message>
            <location filename="../../sync/errors.py" line="54" />
            <source>No connection to the server. Records stay on this PC and are sent when it is back.</source>
            <translation>سرور سے رابطہ نہیں۔ ریکارڈ اسی کمپیوٹر پر ہیں اور رابطہ بحال ہونے پر بھیجے جائیں گے۔</translation>
        </message>
        <message>
            <location filename="../../sync/errors.py" line="96" />
            <source>This PC is not enrolled with the central server yet. Ask the central admin for a one-time token, then enroll.</source>
            <translation>یہ کمپیوٹر ابھی مرکزی سرور سے نہیں جڑا۔ مرکزی ایڈمن سے ایک بار کا ٹوکن لیں، پھر جوڑیں۔</translation>
        </message>
        <message>
            <location filename="../../sync/errors.py" line="130" />
            <source>This PC has no safe password store (keyring){detail}, so Daftar cannot keep the device key. It will ask you for the device key each session; it never writes it to a file.</source>
            <translation>اس کمپیوٹر میں پاس ورڈ رکھنے کی محفوظ جگہ (keyring) نہیں{detail}، اس لیے دفتر خفیہ کوڈ نہیں رکھ سکتا۔ یہ ہر بار آپ سے خفیہ کوڈ پوچھے گا؛ اسے کبھی فائل میں نہیں لکھتا۔</translation>
        </message>
    </context>
    <context>
        <name>ui</name>
        <message>
            <location filename="../../desktop/ui.py" line="73" />
            <source>No fee</source>
            <translation>کوئی فیس نہیں</translation>
        </message>
        <message>
            <location filename="../../desktop/ui.py" line="74" />
            <source>Rs {amount}</source>
            <translation>{amount} روپے</translation>
        </message>
    </context>
    <context>
        <name>unlock</name>
        <message>
            <location filename="../../desktop/unlock_dialog.py" line="34" />
            <source>Daftar is locked</source>
            <translation>دفتر لاک ہے</translation>
        </message>
        <message>
            <location filename="../../desktop/unlock_dialog.py" line="36" />
            <source>This PC's data is locked: its key is not in this PC's keyring (a new Windows profile, a repaired PC, or a PC without one). An office admin can unlock it with their password.</source>
            <translation>اس کمپیوٹر کا ڈیٹا لاک ہے: اس کی خفیہ چابی اس کمپیوٹر پر کی رنگ (keyring) میں موجود نہیں (نیا Windows پروفائل، مرمت شدہ کمپیوٹر، یا ایسا کمپیوٹر جس میں کی رنگ نہیں)۔ دفتر ایڈمن اپنے پاس ورڈ سے اسے ان لاک کر سکتا ہے۔</translation>
        </message>
        <message>
            <location filename="../../desktop/unlock_dialog.py" line="43" />
            <source>Office admin password</source>
            <translation>دفتر ایڈمن کا پاس ورڈ</translation>
        </message>
        <message>
            <location filename="../../desktop/unlock_dialog.py" line="51" />
            <source>Unlock</source>
            <translation>ان لاک کریں</translation>
        </message>
    </context>
    <context>
        <name>validation</name>
        <message>
            <location filename="../../models/validation.py" line="73" />
            <source>Please type the CNIC number.</source>
            <translation>شناختی کارڈ نمبر لکھیں۔</translation>
        </message>
        <message>
            <location filename="../../models/validation.py" line="77" />
            <source>A CNIC has only digits and dashes, like 35202-1234567-1.</source>
            <translation>شناختی کارڈ نمبر میں صرف ہندسے اور ڈیش ہوتے ہیں، جیسے ⁦35202-1234567-1⁩۔</translation>
        </message>
        <message>
            <location filename="../../models/validation.py" line="82" />
            <source>A CNIC has 13 digits; this one has {count}. Check the card again.</source>
            <translation>شناختی کارڈ نمبر میں 13 ہندسے ہوتے ہیں؛ اس میں {count} ہیں۔ کارڈ دوبارہ دیکھیں۔</translation>
        </message>
        <message>
            <location filename="../../models/validation.py" line="87" />
            <source>The dashes are in the wrong place: write it like 35202-1234567-1.</source>
            <translation>ڈیش غلط جگہ پر ہیں: ایسے لکھیں ⁦35202-1234567-1⁩۔</translation>
        </message>
        <message>
            <location filename="../../models/validation.py" line="94" />
            <source>This is not a valid CNIC number (the first or last digit is wrong). Check the card again.</source>
            <translation>یہ درست شناختی کارڈ نمبر نہیں (پہلا یا آخری ہندسہ غلط ہے)۔ کارڈ دوبارہ دیکھیں۔</translation>
        </message>
        <message>
            <location filename="../../models/validation.py" line="116" />
            <source>Please type the mobile number.</source>
            <translation>موبائل نمبر لکھیں۔</translation>
        </message>
        <message>
            <location filename="../../models/validation.py" line="123" />
            <source>A mobile number has only digits, like 0300-1234567.</source>
            <translation>موبائل نمبر میں صرف ہندسے ہوتے ہیں، جیسے ⁦0300-1234567⁩۔</translation>
        </message>
        <message>
            <location filename="../../models/validation.py" line="129" />
            <source>This is not a mobile number. Type it like 0300-1234567.</source>
            <translation>یہ موبائل نمبر نہیں۔ ایسے لکھیں ⁦0300-1234567⁩۔</translation>
        </message>
        <message>
            <location filename="../../models/validation.py" line="133" />
            <source>Only Pakistani mobile numbers are accepted (starting 03 or +92 3).</source>
            <translation>صرف پاکستانی موبائل نمبر چلتے ہیں (جو 03 یا ⁦+92 3⁩ سے شروع ہوں)۔</translation>
        </message>
        <message>
            <location filename="../../models/validation.py" line="141" />
            <source>This is not a valid mobile number: it should have 11 digits and start with 03, like 0300-1234567.</source>
            <translation>یہ درست موبائل نمبر نہیں: اس میں 11 ہندسے ہوں اور 03 سے شروع ہو، جیسے ⁦0300-1234567⁩۔</translation>
        </message>
        <message>
            <location filename="../../models/validation.py" line="162" />
            <location filename="../../store/accounts.py" line="373" />
            <source>Please fill in {label}.</source>
            <translation>{label} لکھیں۔</translation>
        </message>
        <message>
            <location filename="../../models/validation.py" line="167" />
            <source>{label} is too long: at most {max} letters, this has {count}.</source>
            <translation>{label} بہت لمبا ہے: زیادہ سے زیادہ {max} حروف، اس میں {count} ہیں۔</translation>
        </message>
        <message>
            <location filename="../../models/validation.py" line="171" />
            <source>{label} contains characters that cannot be stored.</source>
            <translation>{label} میں ایسے حروف ہیں جو محفوظ نہیں ہو سکتے۔</translation>
        </message>
        <message>
            <location filename="../../models/validation.py" line="178" />
            <source>the name</source>
            <translation>نام</translation>
        </message>
        <message>
            <location filename="../../models/validation.py" line="180" />
            <source>A name needs letters, not only digits or signs.</source>
            <translation>نام میں حروف ہونے چاہییں، صرف ہندسے یا نشان نہیں۔</translation>
        </message>
        <message>
            <location filename="../../models/validation.py" line="186" />
            <source>the description</source>
            <translation>تفصیل</translation>
        </message>
        <message>
            <location filename="../../models/validation.py" line="189" />
            <source>the note</source>
            <translation>نوٹ</translation>
        </message>
        <message>
            <location filename="../../store/accounts.py" line="88" />
            <source>The password must have at least {n} characters.</source>
            <translation>پاس ورڈ میں کم از کم {n} حروف ہونے چاہییں۔</translation>
        </message>
        <message>
            <location filename="../../store/accounts.py" line="93" />
            <source>This password is too easy to guess. Use a few words or a mix of letters and numbers.</source>
            <translation>اس پاس ورڈ کا اندازہ لگانا بہت آسان ہے۔ چند الفاظ، یا حروف اور ہندسوں کا ملاپ استعمال کریں۔</translation>
        </message>
        <message>
            <location filename="../../store/accounts.py" line="100" />
            <source>A user name is 2 to 32 small letters or digits (dots, dashes and underscores allowed), e.g. sana.iqbal.</source>
            <translation>صارف نام میں 2 سے 32 تک انگریزی کے چھوٹے حروف یا ہندسے ہوتے ہیں (نقطہ، ڈیش اور انڈر اسکور بھی چلتے ہیں)، مثلاً ⁦sana.iqbal⁩۔</translation>
        </message>
        <message>
            <location filename="../../store/accounts.py" line="374" />
            <source>the person's name</source>
            <translation>اس شخص کا نام</translation>
        </message>
        <message>
            <location filename="../../store/accounts.py" line="376" />
            <source>Choose a role: clerk, supervisor, enumerator or office admin.</source>
            <translation>عہدہ چنیں: کلرک، سپروائزر، سروے کرنے والا یا دفتر ایڈمن۔</translation>
        </message>
        <message>
            <location filename="../../store/accounts.py" line="381" />
            <source>The user name {name} is already taken.</source>
            <translation>صارف نام ⁦{name}⁩ پہلے سے کسی اور کا ہے۔</translation>
        </message>
        <message>
            <location filename="../../store/store.py" line="271" />
            <source>Please choose a service from the list.</source>
            <translation>فہرست میں سے سروس چنیں۔</translation>
        </message>
        <message>
            <location filename="../../store/store.py" line="294" />
            <source>There is no status called {name}.</source>
            <translation>⁨{name}⁩ نام کی کوئی حالت نہیں۔</translation>
        </message>
        <message>
            <location filename="../../store/store.py" line="312" />
            <source>the reason</source>
            <translation>وجہ</translation>
        </message>
        <message>
            <location filename="../../store/store.py" line="315" />
            <source>Please choose how the request ended.</source>
            <translation>چنیں کہ درخواست کا انجام کیا ہوا۔</translation>
        </message>
        <message>
            <location filename="../../store/store.py" line="336" />
            <source>The rating must be a number from 1 to 5.</source>
            <translation>رائے 1 سے 5 تک کا عدد ہونی چاہیے۔</translation>
        </message>
        <message>
            <location filename="../../store/store.py" line="339" />
            <source>the comment</source>
            <translation>تبصرہ</translation>
        </message>
        <message>
            <location filename="../../store/store.py" line="375" />
            <source>{ref} is not a tracking number, or it has a typo. Check it against the receipt.</source>
            <translation>⁦{ref}⁩ ٹریکنگ نمبر نہیں، یا اس میں غلطی ہے۔ رسید سے ملا کر دیکھیں۔</translation>
        </message>
    </context>
    <context>
        <name>workflow</name>
        <message>
            <location filename="../../models/workflow.py" line="41" />
            <source>Received</source>
            <translation>موصول</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="42" />
            <source>Being checked</source>
            <translation>جانچ ہو رہی ہے</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="43" />
            <source>Approved</source>
            <translation>منظور</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="44" />
            <source>Rejected</source>
            <translation>مسترد</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="45" />
            <source>Done, ready for the citizen</source>
            <translation>مکمل، شہری کے لیے تیار</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="46" />
            <source>Closed</source>
            <translation>بند</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="47" />
            <source>Reopened (citizen disputes)</source>
            <translation>دوبارہ کھولی گئی (شہری کو اعتراض ہے)</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="51" />
            <source>Clerk</source>
            <translation>کلرک</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="52" />
            <source>Supervisor</source>
            <translation>سپروائزر</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="53" />
            <source>Office admin</source>
            <translation>دفتر ایڈمن</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="54" />
            <source>Enumerator</source>
            <translation>سروے کرنے والا</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="59" />
            <source>Resolved: the citizen got the service</source>
            <translation>حل ہو گئی: شہری کو سروس مل گئی</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="60" />
            <source>Not resolved: rejected, citizen informed</source>
            <translation>حل نہیں ہوئی: مسترد، شہری کو بتا دیا</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="61" />
            <source>Not resolved: withdrawn by the citizen</source>
            <translation>حل نہیں ہوئی: شہری نے واپس لے لی</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="62" />
            <source>Not resolved: duplicate of another request</source>
            <translation>حل نہیں ہوئی: کسی اور درخواست کی نقل</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="63" />
            <source>Not resolved: referred to another department</source>
            <translation>حل نہیں ہوئی: کسی اور محکمے کو بھیج دی</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="64" />
            <source>Not resolved: citizen could not be reached</source>
            <translation>حل نہیں ہوئی: شہری سے رابطہ نہیں ہو سکا</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="86" />
            <source>Start checking</source>
            <translation>جانچ شروع کریں</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="87" />
            <source>Start checking again</source>
            <translation>دوبارہ جانچ شروع کریں</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="88" />
            <source>Approve</source>
            <translation>منظور کریں</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="89" />
            <source>Reject</source>
            <translation>مسترد کریں</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="91" />
            <source>Mark as done</source>
            <translation>مکمل کریں</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="92" />
            <location filename="../../models/workflow.py" line="93" />
            <source>Close</source>
            <translation>بند کریں</translation>
        </message>
        <message>
            <location filename="../../models/workflow.py" line="94" />
            <location filename="../../models/workflow.py" line="97" />
            <source>Reopen (citizen disputes)</source>
            <translation>دوبارہ کھولیں (شہری کو اعتراض ہے)</translation>
        </message>
    </context>
</TS>
