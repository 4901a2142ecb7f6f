"""Auto-replies and out-of-office notices: detect them (backon.py reads the return date).

RFC 3834 says automatic responses carry ``Auto-Submitted: auto-replied``; many
servers still use older headers (X-Autoreply, Precedence: auto_reply) or only
a subject like "Out of Office" / "自动回复", so all three are checked.
"""

from __future__ import annotations

import json
import re

from .matcher import fold

AUTO_HEADERS = ("auto-submitted", "x-autoreply", "x-autorespond", "precedence")
OOO_SUBJECT = re.compile(
    r"out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?reply|autoreply|abwesenheit|"
    r"automatische antwort|fuera de la oficina|respuesta automatica|ausente|fora do escritorio|"
    r"resposta automatica|absence|reponse automatique|absent du bureau|fuori ufficio|"
    r"risposta automatica|нет на месте|автоответ|автоматический ответ|otomatik yanit|"
    r"ofis disinda|رد تلقائي|خارج المكتب|自动回复|自動回覆|自動返信|不在|休暇|休假|外出"
)
OOO_BODY = re.compile(
    r"i am (?:currently )?out of (?:the )?office|i'?m (?:currently )?out of (?:the )?office|"
    r"i will be back in (?:the )?office|limited access to (?:my )?e-?mail|ich bin (?:bis|vom|ab|derzeit|zurzeit) .{0,40}"
    r"(?:abwesend|nicht im buro|im urlaub)|estoy fuera de la oficina|estarei ausente|"
    r"je suis absent|sono fuori ufficio|меня нет в офисе|ofis disindayim|"
    r"我(?:正在|目前)?休假|我不在办公室|不在しております|休暇中"
)

# Every wording OOO_BODY matches contains one of these (a test checks each
# alternative): most mail contains none, and looking for them costs half the regex.
OOO_BODY_WORDS = (
    "office",
    "limited access to",
    "ich bin ",
    "oficina",
    "ausente",
    "absent",
    "ufficio",
    "офисе",
    "ofis",
    "休假",
    "办公室",
    "不在",
    "休暇",
)


# A vacation notice sent without any auto-reply header and under a plain "RE:" subject says
# two things, in every language: the writer is away, and until when or whom to ask meanwhile.
# Plain substrings of the folded text, folded here the same way when this module loads (lower
# case, no accents, Arabic letter variants merged: "حتى" is looked for as "حتي"). Being away is
# named in any grammatical form: "в ежегодном отпуске", "estou em férias", "في إجازة سنوية".
ABSENCE_WORDS = {
    "en": "out of the office|out of office|on annual leave|on leave|on vacation|on holiday|away from the office|"
    "away from my desk|on a business trip|travelling on business|traveling on business|on sick leave|"
    "on maternity leave|on parental leave|on a field visit",
    "es": "fuera de la oficina|de vacaciones|estaré fuera|estaré ausente|estoy ausente|ausente de la oficina|"
    "de viaje|de baja médica",
    "pt": "fora do escritório|de férias|em férias|em viagem|estarei ausente|estou ausente|ausente do escritório|"
    "de licença|estarei fora",
    "fr": "absent du bureau|absente du bureau|en congé|en déplacement|en vacances|je suis absent|hors du bureau|"
    "en voyage d'affaires|en arrêt maladie",
    "de": "nicht im büro|im urlaub|abwesend|auf geschäftsreise|auf dienstreise|außer haus|nicht im hause|"
    "urlaubsbedingt",
    "it": "fuori ufficio|fuori sede|in ferie|sono assente|sarò assente|in vacanza|in trasferta|in viaggio di lavoro",
    "nl": "afwezig|met vakantie|op vakantie|niet op kantoor|buiten kantoor|met verlof|op zakenreis",
    "ru": "отпуске|в отпуск|командировк|нет в офисе|нет на месте|отсутствую|вне офиса|на больничном",
    "tr": "izindeyim|izinde olacağ|yıllık izin|yillik izin|ofis dışında|ofis disinda|seyahatteyim|tatildeyim|"
    "iş seyahatinde|ofiste olmayacağ|ofiste değilim|ofiste bulunmuyorum",
    "pl": "na urlopie|urlopie wypoczynkowym|poza biurem|w podróży służbowej|w delegacji|nieobecn|na zwolnieniu",
    "ar": "في إجازة|إجازة سنوية|خارج المكتب|في عطلة|في مهمة عمل|في رحلة عمل|غير متواجد",
    "zh": "休假|不在办公室|不在辦公室|出差|不在公司|年假|请假|請假",
    "ja": "不在にしております|不在です|出張のため|出張中|休暇をいただいて|休暇中|休暇を取|夏季休業|年末年始休業",
    "ko": "부재중|부재 중|휴가|출장|연차|자리를 비",
}
RETURN_OR_CONTACT_WORDS = {
    "en": "until|back on|back in the office|return|urgent|limited access|no access|can't wait|please contact",
    "es": "hasta|regreso|vuelta|urgen|acceso limitado|contactar",
    "pt": "até |retorno|regresso|volto|urgên|acesso|contatar|falar com",
    "fr": "jusqu|retour|urgen|accès limité|contacter",
    "de": "bis |zurück|dringend|ab dem|wenden sie sich",
    "it": "fino al|rientro|rientrerò|urgen|contattare",
    "nl": "tot en met|tot |terug|dringend|contact op",
    "ru": "вернусь|до |срочн|доступ|обращайтесь",
    "tr": "kadar|dönüş|döneceğim|acil|arasında",
    "pl": "do |powrót|powrocie|piln|dostępu",
    "ar": "حتى|عودة|للضرورة|أعود|عاجل|التواصل",
    "zh": "回来|返回|紧急|緊急|急事|之后|之後|后回复|後回覆|联系|聯繫",
    "ja": "以降|戻り|急ぎ|まで",
    "ko": "까지|복귀|급한|이후|회신",
}


def folded_phrases(*tables: dict[str, str]) -> tuple[str, ...]:
    return tuple(sorted({fold(p) for table in tables for words in table.values() for p in words.split("|")}))


# Longer leaves say the same: away (for months), and whom to ask meanwhile.
LEAVE_WORDS = {
    "en": "on paternity leave|on medical leave|on jury service|on military service",
    "es": "de baja por maternidad|de baja por paternidad|baja maternal|permiso de maternidad|incapacidad médica|licencia médica",
    "pt": "licença-maternidade|licença maternidade|licença-paternidade|licença médica",
    "fr": "congé maternité|congé de maternité|congé parental|congé paternité",
    "de": "in elternzeit|im mutterschutz|krankheitsbedingt|in mutterschaft|militärdienst|zivildienst",
    "it": "in maternità|congedo parentale|congedo di maternità|in malattia",
    "nl": "zwangerschapsverlof|ouderschapsverlof|met ziekteverlof|bevallingsverlof|vaderschapsverlof",
    "ru": "в декрете|декретном отпуске|отпуске по уходу",
    "tr": "doğum izni|doğum iznindeyim|raporluyum|raporlu olduğum|kapalıdır|kapalı olacaktır",
    "pl": "urlopie macierzyńskim|urlopie rodzicielskim|zwolnieniu lekarskim|urlopie ojcowskim|urlop ojcowski",
    "ar": "إجازة أمومة|إجازة مرضية|إجازة وضع",
    "zh": "产假|產假|病假|育儿假|育兒假",
    "ja": "産休|育休|育児休業|産前産後休暇",
    "ko": "육아휴직|출산휴가|병가",
}
# Someone who left: their box answers for good and names whom to write to instead. A successor's
# own mail says so too ("Mr Gruber has left, I took over: please send …"), so only with a notice's
# cue (not forwarded, please contact).
LEFT_WORDS = {
    "en": "no longer with the company|no longer with us|has left the company|no longer works|no longer employed",
    "es": "ya no trabaja|ya no forma parte|ya no está en la empresa",
    "pt": "não faz mais parte|não trabalha mais|já não faz parte|deixou a empresa",
    "fr": "ne fait plus partie|ne travaille plus|a quitté l'entreprise|a quitté la société",
    "de": "nicht mehr in unserem unternehmen|nicht mehr für uns tätig|nicht mehr bei uns beschäftigt|"
    "hat das unternehmen verlassen|nicht mehr im unternehmen",
    "it": "non fa più parte|non lavora più|ha lasciato l'azienda|non è più in azienda",
    "nl": "niet meer werkzaam|niet langer werkzaam|heeft het bedrijf verlaten|niet meer in dienst",
    "ru": "больше не работает|уволился|уволилась|не работает в компании",
    "tr": "artık şirketimizde|şirketimizden ayrılmıştır|ayrılmıştır",
    "pl": "nie pracuje już|już nie pracuje|odszedł z firmy|odeszła z firmy",
    "ar": "لم يعد يعمل|لم تعد تعمل|غادر الشركة",
    "zh": "已离职|已離職|不再任职|不再任職|离职|離職|不再有人处理",
    "ja": "退職いたしました|退職しました|退社いたしました",
    "ko": "퇴사하였습니다|퇴사했습니다|퇴사하여",
}
NOTICE_CUE_WORDS = {
    "en": "will not be forwarded|not be read|please contact|please write to",
    "es": "no será reenviado|no se reenviará|contacte con|diríjase a|escriba a",
    "pt": "não será encaminhad|entre em contato com|contatar|escreva para",
    "fr": "ne sera pas transmis|ne sera pas lu|contacter|adressez-vous",
    "de": "nicht weitergeleitet|wenden sie sich|kontaktieren sie",
    "it": "non verrà inoltrat|contattare|rivolgersi a|scrivere a",
    "nl": "niet doorgestuurd|contact op|terecht bij|wenden tot",
    "ru": "не будет переслано|обращайтесь|пишите на|свяжитесь с",
    "tr": "iletilmeyecektir|ile iletişime geçiniz|adresine yazınız",
    "pl": "nie będzie przekazywan|prosimy o kontakt|proszę o kontakt|prosimy kierować",
    "ar": "التواصل مع|يرجى مراسلة|لن يتم تحويل",
    "zh": "请联系|請聯繫|请与|請與",
    "ja": "ご連絡ください|までご連絡|お問い合わせください",
    "ko": "연락 부탁|문의는|연락 주시기",
}
ABSENCE = folded_phrases(ABSENCE_WORDS, LEAVE_WORDS)
LEFT = folded_phrases(LEFT_WORDS)
NOTICE_CUES = folded_phrases(NOTICE_CUE_WORDS)
RETURN_OR_CONTACT = folded_phrases(RETURN_OR_CONTACT_WORDS)
QUESTION_MARKS = ("?", "？", "¿", "؟")  # a notice asks nothing; a buyer's short mail often does
# An automatic acknowledgement from a shared mailbox. A buyer's own short reply says it got
# something too ("Thanks, received", "teklifi aldım", "已收到您的邮件"): a mailbox's notice says
# so of "your message" and adds how it will be dealt with ("in the order received", "within
# three working days"), or says outright that it is automatic.
AUTOMATIC_WORDS = {
    "en": "this is an automated|this is an automatic|automatically generated|do not reply to this|"
    "this inbox is not monitored|this mailbox is not monitored",
    "es": "respuesta automática|mensaje automático|generado automáticamente",
    "pt": "resposta automática|mensagem automática|gerada automaticamente",
    "fr": "réponse automatique|message automatique|généré automatiquement",
    "de": "automatische antwort|automatisch erstellt|automatisch generiert|automatische nachricht",
    "it": "risposta automatica|messaggio automatico|generato automaticamente",
    "nl": "automatisch antwoord|automatisch bericht|automatisch gegenereerd",
    "ru": "автоматический ответ|автоответ|сообщение сформировано автоматически",
    "tr": "otomatik yanıt|otomatik cevap|otomatik mesaj",
    "pl": "automatyczna odpowiedź|wiadomość automatyczna|wygenerowana automatycznie",
    "ar": "رد تلقائي|رسالة تلقائية|رد آلي",
    "zh": "此为自动回复|自动回复|自動回覆|系统自动|系統自動",
    "ja": "自動返信|自動応答|自動送信",
    "ko": "자동 응답|자동응답|자동 회신|자동회신",
}
RECEIVED_WORDS = {
    "en": "your message has been received|your e-mail has been received|your email has been received|"
    "we have received your message|we have received your e-mail|we have received your email|"
    "we have received your mail|your message was received",
    "es": "hemos recibido su mensaje|hemos recibido su correo|su mensaje ha sido recibido|su correo ha sido recibido",
    "pt": "recebemos sua mensagem|recebemos a sua mensagem|recebemos seu e-mail|recebemos o seu e-mail|"
    "sua mensagem foi recebida|seu e-mail foi recebido",
    "fr": "nous avons bien reçu votre message|nous avons bien reçu votre courriel|nous avons bien reçu votre e-mail|"
    "nous avons bien reçu votre mail|votre message a bien été reçu|votre courriel a bien été reçu",
    "de": "ihre nachricht ist bei uns eingegangen|ihre e-mail ist bei uns eingegangen|wir haben ihre nachricht erhalten|"
    "wir haben ihre e-mail erhalten",
    "it": "abbiamo ricevuto il suo messaggio|abbiamo ricevuto la sua e-mail|abbiamo ricevuto la sua email|"
    "abbiamo ricevuto la sua mail|il suo messaggio è stato ricevuto",
    "nl": "wij hebben uw bericht ontvangen|we hebben uw bericht ontvangen|uw bericht is ontvangen|"
    "uw e-mail is ontvangen|we hebben uw e-mail ontvangen",
    "ru": "ваше письмо получено|ваше письмо принято|ваше сообщение получено|мы получили ваше письмо|"
    "мы получили ваше сообщение",
    "tr": "birimimize ulaşmıştır|tarafımıza ulaşmıştır|e-postanız alınmıştır|mesajınız alınmıştır|"
    "e-postanız ulaşmıştır|mesajınız ulaşmıştır",
    "pl": "otrzymaliśmy wiadomość|otrzymaliśmy państwa wiadomość|otrzymaliśmy twoją wiadomość|"
    "wiadomość została odebrana|wiadomość została otrzymana",
    "ar": "تم استلام رسالتك|تم استلام بريدك|تم استلام رسالتكم|تم استلام بريدكم",
    "zh": "已收到您的邮件|您的邮件已收到|您的来信已收到|已收到您的來信|您的郵件已收到|您的來信已收到",
    "ja": "メールを受信いたしました|メールを受信しました|メールを受け付けました|メールを受け付けいたしました",
    "ko": "메일을 수신하였습니다|메일이 접수되었습니다|메일을 접수하였습니다",
}
HANDLED_WORDS = {
    "en": "will be processed|will be handled|will be dealt with|will be answered|will be forwarded|"
    "order of receipt|order received|working days|business days|office hours|as soon as possible",
    "es": "será procesad|será atendid|será gestionad|será respondid|días hábiles|horario de atención|"
    "orden de llegada|a la mayor brevedad",
    "pt": "será processad|será atendid|será respondid|dias úteis|horário de atendimento|ordem de chegada|"
    "o mais breve possível",
    "fr": "sera traité|jours ouvrés|jours ouvrables|heures d'ouverture|ordre d'arrivée|dans les meilleurs délais",
    "de": "bearbeitet|werktage|geschäftszeiten|reihenfolge des eingangs|öffnungszeiten",
    "it": "gestito|gestita|evaso|evasa|giorni lavorativi|orari di ufficio|l'ufficio è aperto|al più presto",
    "nl": "behandeld|werkdagen|kantooruren|volgorde van binnenkomst|zo spoedig mogelijk",
    "ru": "будет рассмотрен|будет обработан|рабочих дней|рабочее время|в порядке очереди|в ближайшее время",
    "tr": "değerlendiril|mesai saat|iş günü|en kısa sürede",
    "pl": "zostanie rozpatrzon|dni roboczych|godzinach pracy|kolejności|najszybciej jak",
    "ar": "سيتم الرد|ستتم معالجة|سيتم معالجة|أيام عمل|ساعات العمل|في أقرب وقت",
    "zh": "尽快给您回复|儘快給您回覆|尽快回复|儘快回覆|工作日|处理|處理",
    "ja": "順次|営業日|対応いたします",
    "ko": "순차적으로|영업일|처리",
}
# A notice of another kind: the writer is at a trade fair, a training or on a business trip, the
# company is closed (a holiday, also announced before it), the office moves or the mailbox
# migrates. It names the event and says what happens to the mail meanwhile ("limited access to
# e-mail", "e-mails will be answered after", "will reply on my return"). A buyer's own mail names
# the event too ("we met at the fair", "our office will be closed 24-26 Dec, please ship before",
# "I'll be at the fair, I'll check the offer on my return") but not the fate of the e-mail.
EVENT_WORDS = {
    "en": "business trip|trade fair| fair|trade show|exhibition|training|seminar|conference|workshop|"
    "closed|closure|company holiday|holidays|moving|relocat|migrat|new platform|new system",
    "es": "viaje de negocios|viaje de trabajo|feria|exposición|formación|capacitación|seminario|congreso|"
    "conferencia|cerrad|cierre|vacaciones colectivas|traslad|mudanza|migración|nueva plataforma",
    "pt": "viagem de negócios|viagem a trabalho|feira|exposição|treinamento|formação|capacitação|seminário|"
    "congresso|fechad|férias coletivas|recesso|mudança|migração|nova plataforma",
    "fr": "déplacement|voyage d'affaires|salon|foire|exposition|formation|séminaire|congrès|conférence|fermé|"
    "fermeture|congés annuels|déménag|migr|nouvelle plateforme",
    "de": "geschäftsreise|dienstreise|messe|ausstellung|schulung|seminar|fortbildung|weiterbildung|konferenz|"
    "kongress|geschlossen|betriebsferien|betriebsurlaub|umzug|ziehen um|migration|umstellung",
    "it": "viaggio di lavoro|trasferta|fiera|esposizione|formazione|corso|seminario|congresso|conferenza|chius|"
    "ponte|trasloco|trasferiment|trasferendo|nuova sede|migrazione|nuova piattaforma",
    "nl": "zakenreis|dienstreis|beurs|tentoonstelling|training|opleiding|cursus|seminar|congres|conferentie|"
    "gesloten|collectieve vakantie|bouwvak|verhuiz|verhuis|migratie|nieuw platform",
    "ru": "командировк|выставк|обучени|тренинг|семинар|конференци|курсах|закрыт|корпоративн|переезд|миграци|"
    "новую платформу|новой платформ",
    "tr": "iş seyahati|seyahat|fuar|sergi|eğitim|seminer|konferans|kongre|kapalı|tatil|taşın|geçiş",
    "pl": "podróży służbow|delegacj|targach|targi|targów|wystaw|szkoleni|seminari|konferencj|kongres|zamknię|"
    "nieczynn|przeprowadz|przenosin|migracj|nową platform",
    "ar": "رحلة عمل|مهمة عمل|معرض|تدريب|دورة|ورشة|مؤتمر|ندوة|مغلق|إغلاق|عطلة|انتقال|نقل|ترحيل|منصة جديدة",
    "zh": "出差|展会|展會|广交会|廣交會|交易会|交易會|博览会|博覽會|展览|展覽|参展|參展|培训|培訓|研讨会|研討會|会议|會議|放假|停业|停業|关闭|關閉|搬迁|搬遷|"
    "迁移|遷移|新系统|新系統",
    "ja": "出張|展示会|見本市|研修|セミナー|講習|休業|休み|移転|引っ越し|移行",
    "ko": "출장|전시회|박람회|교육|세미나|컨퍼런스|휴무|휴업|휴가|이전|이사|전환",
}
MAIL_FATE_WORDS = {
    "en": "access to e-mail|access to email|access to my e-mail|access to my email|access to my mail|e-mail access|"
    "email access|check my e-mail|check my email|read my e-mail|read my email|reply to your e-mail|"
    "reply to your email|reply to your message|respond to your e-mail|respond to your email|respond to your message|"
    "answer your e-mail|answer your email|answer your message|e-mails received|emails received|messages received|"
    "replies may be delayed|responses may be delayed|e-mails may be delayed|emails may be delayed|"
    "reply on my return|reply upon my return|respond on my return|respond upon my return|reply when i return|"
    "reply after my return|"
    + "|".join(
        f"{mail} will be {done}"
        for mail in ("e-mails", "emails", "messages", "e-mail", "email", "message")
        for done in ("answered", "read", "replied to", "responded to", "processed", "handled", "dealt with")
    ),
    "es": "acceso limitado al correo|acceso limitado a mi correo|acceso restringido al correo|acceso al correo|"
    "revisar el correo|revisar mi correo|consultar el correo|consultar mi correo|responderé a su correo|"
    "responderé su correo|responderé a su mensaje|responderé su mensaje|responderé a mi regreso|"
    "responderé a mi vuelta|correos recibidos|mensajes recibidos|mensaje será atendido|correo será atendido|"
    "mensajes serán atendidos|correos serán atendidos|serán respondidos|será respondido|respuesta con retraso|"
    "recibidos con retraso|mensajes pueden sufrir retraso|correos pueden sufrir retraso",
    "pt": "acesso limitado ao e-mail|acesso limitado ao email|acesso restrito ao e-mail|acesso restrito ao email|"
    "acesso ao e-mail|acesso ao email|responderei seu e-mail|responderei sua mensagem|responderei ao seu e-mail|"
    "responderei à sua mensagem|responderei no meu retorno|responderei ao retornar|responderei quando retornar|"
    "e-mails recebidos|emails recebidos|mensagens recebidas|serão respondid|será respondid|recebidas com atraso|"
    "recebidos com atraso",
    "fr": "accès limité à mes e-mails|accès limité à mes mails|accès limité à ma messagerie|accès limité aux e-mails|"
    "accès limité à internet|accès à mes e-mails|accès à mes mails|accès à ma messagerie|consulter mes e-mails|"
    "consulter mes mails|consulter ma messagerie|lire mes e-mails|lire mes mails|répondrai à votre message|"
    "répondrai à votre e-mail|répondrai à votre mail|répondrai à votre courriel|répondrai à mon retour|"
    "messages reçus|e-mails reçus|mails reçus|courriels reçus|message sera traité|messages seront traités|"
    "mail sera traité|mails seront traités|courriel sera traité|courriels seront traités|messages seront lus|"
    "mails seront lus|e-mails seront lus|les messages peuvent|les e-mails peuvent|les mails peuvent|"
    "reçus avec du retard|traités avec du retard",
    "de": "e-mails nur|e-mails eingeschränkt|e-mails lesen|e-mails abrufen|e-mails beantworten|eingeschränkten zugriff|"
    "eingeschränkt erreichbar|eingeschränkt lesen|keinen zugriff auf meine e-mails|keinen zugriff auf e-mails|"
    "keinen zugriff auf mein postfach|wieder erreichbar|nach meiner rückkehr beantwort|"
    "nach meiner rückkehr bearbeit|nach rückkehr beantwort|verzögert beantwortet|verzögert bearbeitet|"
    + "|".join(
        f"{mail} {verb} {when}"
        for mail, verb in (("e-mail", "wird"), ("nachricht", "wird"), ("e-mails", "werden"), ("nachrichten", "werden"))
        for when in ("nach", "ab", "erst", "nicht", "verzögert", "mit verzögerung")
    ),
    "it": "accesso limitato alla posta|accesso limitato alle e-mail|accesso limitato alle email|"
    "accesso limitato a internet|accesso alla posta|leggere la posta|controllare la posta|leggere le e-mail|"
    "leggere le email|e-mail ricevute|email ricevute|messaggi ricevuti|e-mail saranno lette|email saranno lette|"
    "e-mail saranno evase|email saranno evase|messaggi saranno letti|messaggi saranno evasi|messaggio sarà letto|"
    "messaggio sarà evaso|e-mail sarà letta|email sarà letta|risponderò al mio rientro|risponderò al rientro|"
    "lette con ritardo|evase con ritardo|risponderemo con ritardo",
    "nl": "beperkt toegang tot mijn e-mail|beperkte toegang tot mijn e-mail|beperkt toegang tot e-mail|"
    "beperkte toegang tot e-mail|beperkt toegang tot mijn mail|beperkte toegang tot mijn mail|beperkt bereikbaar|"
    "beantwoord ik na|na mijn terugkeer beantwoord|bij terugkomst beantwoord|met vertraging beantwoord|"
    "beantwoord met vertraging|"
    + "|".join(
        f"{mail} {verb} {when}"
        for mail, verb in (
            ("e-mail", "wordt"),
            ("mail", "wordt"),
            ("bericht", "wordt"),
            ("e-mails", "worden"),
            ("mails", "worden"),
            ("berichten", "worden"),
        )
        for when in ("na", "vanaf", "pas", "niet", "met vertraging")
    ),
    "ru": "доступ к почте|доступом к почте|доступа к почте|доступ к электронной почте|доступом к электронной почте|"
    "отвечу на ваше письмо|отвечу после возвращения|отвечу по возвращении|письма, полученные|письма полученные|"
    "обработаны с задержкой|ответим с задержкой|доставлены с задержкой|письма будут обработаны|"
    "письма будут прочитаны|письма будут рассмотрены|письмо будет обработано|письмо будет прочитано|"
    "письмо будет рассмотрено|сообщения будут обработаны|сообщения будут прочитаны",
    "tr": "yanıtlanacaktır|cevaplanacaktır|yanıt verilecektir|cevap verilecektir|okunacaktır|e-postalara sınırlı|"
    "e-postalarıma sınırlı|sınırlı e-posta erişimi|e-postalarıma erişim|e-postalarıma bakamayacağım|"
    "e-postalarımı kontrol edemeyeceğim|gecikmeli olarak yanıt|gecikmeli yanıt|gecikmeli cevap",
    "pl": "ograniczony dostęp do poczty|ograniczonym dostępem do poczty|ograniczony dostęp do e-maili|"
    "dostępu do poczty|wiadomości zostaną rozpatrzone|wiadomości zostaną przeczytane|wiadomość zostanie rozpatrzona|"
    "wiadomość zostanie przeczytana|odpowiem po powrocie|wiadomość po powrocie|odpowiemy z opóźnieniem|"
    "odpowiedzi z opóźnieniem|dostarczone z opóźnieniem",
    "ar": "سيتم الرد|سأرد على|سأقوم بالرد|الرد على رسائلكم|الرد على رسالتكم|الرد على رسالتك|وصول محدود إلى البريد|"
    "ستتم قراءة",
    "zh": "邮件将|郵件將|回复您的邮件|回覆您的郵件|查看邮件不便|查看郵件不便|无法查看邮件|無法查看郵件|不能及时查看邮件|"
    "不能及時查看郵件|无法及时回复|無法及時回覆|不能及时回复|不能及時回覆|延迟回复|延遲回覆|回复可能|回覆可能|"
    "回来后回复您|回來後回覆您|返回后回复您|之后回复您|之後回覆您",
    "ja": "メールの確認が|メールを確認できません|メールの確認ができません|メールを確認することができません|"
    "返信が遅れ|順次対応|順次返信|順次ご返信|順次回答",
    "ko": "메일 확인이 어렵|메일 확인이 늦|메일 확인이 불가|메일을 확인할 수 없|메일 확인이 어려|회신이 늦|답변이 늦|"
    "순차적으로 회신|순차적으로 답변|순차적으로 처리|순차적으로 연락|복귀 후 회신|복귀 후 답변|복귀 후 연락",
}
# A mailbox nobody reads any more says so of itself ("this mailbox is no longer monitored"); a
# buyer writes of "our new address" (often a postal one) or "my old address".
BOX_GONE_WORDS = {
    "en": "this mailbox is no longer|this inbox is no longer|this e-mail address is no longer|"
    "this email address is no longer|this address is no longer monitored|this account is no longer|"
    "this mailbox will no longer|this e-mail address will no longer|this email address will no longer",
    "es": "este buzón ya no|esta dirección de correo ya no|esta cuenta de correo ya no|este correo ya no",
    "pt": "esta caixa de correio não|esta caixa postal não|este endereço de e-mail não|este e-mail não é mais|"
    "este endereço de email não|este email não é mais|esta conta de e-mail não|esta conta de email não",
    "fr": "cette boîte mail n'est plus|cette boîte aux lettres n'est plus|cette adresse e-mail n'est plus|"
    "cette adresse mail n'est plus|cette adresse électronique n'est plus|cette adresse n'est plus|"
    "cette boîte ne sera plus|cette adresse ne sera plus",
    "de": "dieses postfach wird nicht mehr|dieses postfach ist nicht mehr|diese e-mail-adresse wird nicht mehr|"
    "diese e-mail-adresse ist nicht mehr|diese adresse wird nicht mehr|diese adresse ist nicht mehr",
    "it": "questa casella non è più|questa casella di posta non è più|questo indirizzo non è più|"
    "questo indirizzo e-mail non è più|questo indirizzo email non è più|questa casella non verrà più",
    "nl": "deze mailbox wordt niet meer|deze mailbox is niet meer|dit e-mailadres wordt niet meer|"
    "dit e-mailadres is niet meer|dit adres wordt niet meer|dit mailadres wordt niet meer",
    "ru": "этот ящик больше не|данный ящик больше не|этот адрес больше не|данный адрес больше не|"
    "этот почтовый ящик больше не|данный почтовый ящик больше не",
    "tr": "bu e-posta adresi artık|bu adres artık|bu posta kutusu artık|bu e-posta hesabı artık",
    "pl": "ta skrzynka nie jest już|ta skrzynka nie będzie|ten adres nie jest już|ten adres e-mail nie jest już|"
    "ta skrzynka jest nieaktywna",
    "ar": "هذا البريد لم يعد|هذا العنوان لم يعد|هذا الصندوق لم يعد|صندوق البريد هذا لم يعد",
    "zh": "此邮箱已停用|此邮箱不再|该邮箱不再|该邮箱已停用|本邮箱不再|本邮箱已停用|此郵箱不再|此郵箱已停用|"
    "該郵箱不再|本郵箱不再",
    "ja": "このメールアドレスは現在使用|このアドレスは現在使用|このメールアドレスは使用されて|"
    "このアドレスは使用されて|このメールアドレスは廃止|このアドレスは廃止",
    "ko": "이 메일 주소는 더 이상|이 메일주소는 더 이상|이 이메일 주소는 더 이상|이 주소는 더 이상|이 메일함은 더 이상",
}
EVENTS = folded_phrases(EVENT_WORDS)
# Or it names whom to ask meanwhile, as only a notice does ("for urgent matters please contact").
URGENT_CONTACT_WORDS = {
    "en": "for urgent matters|for urgent issues|for urgent questions|for urgent enquiries|for urgent inquiries|"
    "for urgent requests|for anything urgent|in urgent cases|in case of urgency|in case of an emergency",
    "es": "para asuntos urgentes|en caso de urgencia|para temas urgentes|para urgencias|para cuestiones urgentes",
    "pt": "para assuntos urgentes|em caso de urgência|urgências:|para urgências|em casos urgentes",
    "fr": "en cas d'urgence|pour toute urgence|pour les urgences|pour toute demande urgente|pour les demandes urgentes",
    "de": "in dringenden fällen|bei dringenden anliegen|bei dringenden fragen|in dringenden angelegenheiten|"
    "für dringende anliegen|für dringende fragen|für dringende anfragen",
    "it": "per urgenze|in caso di urgenza|per questioni urgenti|per richieste urgenti",
    "nl": "voor dringende zaken|voor dringende vragen|in dringende gevallen|bij dringende zaken|bij dringende vragen|"
    "voor spoedeisende zaken",
    "ru": "по срочным вопросам|в срочных случаях|по срочным делам",
    "tr": "acil durumlarda|acil konular için|acil işleriniz için|acil durumlar için|acil konularda",
    "pl": "w pilnych sprawach|w sprawach pilnych|w nagłych przypadkach",
    "ar": "للضرورة|للأمور العاجلة|في الحالات العاجلة|للاستفسارات العاجلة|في حالة الضرورة",
    "zh": "紧急事务|緊急事務|如有急事|如有紧急|如有緊急|紧急情况请|緊急情況請",
    "ja": "お急ぎの場合|お急ぎの方|緊急の場合|至急の場合|お急ぎのご用件",
    "ko": "급한 용무|급한 업무|긴급한 경우|긴급 문의|급한 문의",
}
URGENT_CONTACT = folded_phrases(URGENT_CONTACT_WORDS)
MAIL_FATE = folded_phrases(MAIL_FATE_WORDS)
BOX_GONE = folded_phrases(BOX_GONE_WORDS)
# Every wording MAIL_FATE, URGENT_CONTACT or BOX_GONE holds contains one of these (a test checks each): most
# short mail contains none, and looking for them costs a tenth of looking for every wording.
MAIL_WORDS = (
    "mail|messag|mensag|mensaje|courriel|correo|nachricht|postfach|posta|casella|bericht|inbox|account|boîte|"
    "buzón|caixa|почт|письм|сообщени|ящик|e-posta|poczt|wiadomo|skrzynk|البريد|العنوان|الصندوق|邮|郵|メール|"
    "アドレス|메일|주소|adres|address|indirizzo|адрес|internet|zugriff|toegang|erreichbar|bereikbaar|lesen|"
    "return|retour|rientro|rückkehr|respond|beantwoord|отвечу|yanıt|cevap|okunacak|odpowie|الرد|سأرد|قراءة|"
    "回复|回覆|返信|順次|회신|답변|순차|연락|delayed|retraso|atraso|retard|ritardo|verzögert|задержк|"
    "gecikmeli|opóźnieni|urgen|emergenc|dringend|срочн|acil|pilnych|nagłych|ضرور|عاجل|紧急|緊急|急事|急ぎ|至急|급한|긴급|"
    "spoedeisend"
)
MAIL_KEYS = tuple(sorted({fold(word) for word in MAIL_WORDS.split("|")}))
AUTOMATIC = folded_phrases(AUTOMATIC_WORDS)
RECEIVED = folded_phrases(RECEIVED_WORDS)
HANDLED = folded_phrases(HANDLED_WORDS)
NOTICE_LENGTH = 900  # auto-replies are short and quote nothing; a buyer's mail rarely is both


def is_auto_reply(headers_json: str, subject: str, body: str, automated: bool = False) -> bool:
    """RFC 3834 headers, legacy headers, the usual out-of-office wording, or a short notice
    saying the writer is away (and until when), or that the message was received."""
    if auto_headers(headers_json):
        return True
    if automated and (machine_headers(headers_json) or len((body or "").strip()) <= NOTICE_LENGTH):
        return True
    # a long mail from a no-reply address with no list or bounce header is a document their system
    # sent ("Zapytanie ofertowe nr ZO/2026/1187" from an ERP, the buyer's note in it): read its words
    if OOO_SUBJECT.search(fold(subject or "")):
        return True
    head = fold((body or "")[:600])
    return out_of_office_wording(head) or absence_notice(head, len((body or "").strip()))


def absence_notice(folded: str, length: int) -> bool:
    """A short message that says the writer is away and until when (or whom to ask), or that
    an office has received the message. The length comes first: most mail is longer."""
    if length > NOTICE_LENGTH:
        return False
    if acknowledgement(folded):
        return True
    if any(mark in folded for mark in QUESTION_MARKS):
        return False
    if any(phrase in folded for phrase in ABSENCE) and any(cue in folded for cue in RETURN_OR_CONTACT):
        return True
    if any(phrase in folded for phrase in LEFT) and any(cue in folded for cue in NOTICE_CUES):
        return True
    if not any(key in folded for key in MAIL_KEYS):
        return False  # most short mail says nothing of what becomes of the mail
    return event_notice(" ".join(folded.replace("’", "'").split()))


def event_notice(flat: str) -> bool:
    """A fair, a training, a trip, a closure, a move or a migration, and what happens to the
    mail meanwhile; or a mailbox saying nobody reads it any more."""
    if any(phrase in flat for phrase in BOX_GONE):
        return True
    if not any(cue in flat for cue in MAIL_FATE) and not any(cue in flat for cue in URGENT_CONTACT):
        return False
    return any(event in flat for event in EVENTS)


def acknowledgement(folded: str) -> bool:
    if any(phrase in folded for phrase in AUTOMATIC):
        return True
    return any(phrase in folded for phrase in RECEIVED) and any(cue in folded for cue in HANDLED)


def out_of_office_wording(folded: str) -> bool:
    return any(word in folded for word in OOO_BODY_WORDS) and OOO_BODY.search(folded) is not None


MACHINE_HEADERS = (
    "list-id",
    "list-unsubscribe",
    "precedence",
    "return-path",
    "content-type",
    "x-campaign",
    "x-mailer-recptid",
    "feedback-id",
)


def machine_headers(headers_json: str) -> bool:
    """List mail, a campaign or a bounce: mail no buyer wrote, however long."""
    lowered = (headers_json or "").lower()
    if not any(name in lowered for name in MACHINE_HEADERS):
        return False
    headers = parse_headers(headers_json)
    if any(headers.get(name) for name in ("list-id", "list-unsubscribe", "x-campaign", "feedback-id")):
        return True
    if headers.get("precedence", "").strip() in ("bulk", "list", "junk"):
        return True
    if headers.get("return-path", "x").strip() in ("<>", ""):
        return True
    return "report" in headers.get("content-type", "")


def auto_headers(headers_json: str) -> bool:
    lowered = (headers_json or "").lower()
    if not any(name in lowered for name in AUTO_HEADERS):
        return False  # most mail: no JSON parsing needed
    headers = parse_headers(headers_json)
    submitted = headers.get("auto-submitted", "").strip()
    if submitted and submitted != "no":
        return True
    if headers.get("x-autoreply") or headers.get("x-autorespond"):
        return True
    return headers.get("precedence", "").strip() in ("auto_reply", "auto-reply")


def parse_headers(headers_json: str) -> dict[str, str]:
    try:
        data = json.loads(headers_json or "{}")
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k).lower(): (" ".join(map(str, v)) if isinstance(v, list) else str(v)).lower() for k, v in data.items()}
