"""The words of header-less notices of other kinds than a vacation (autoreply.py reads them).

A trade fair, a training or a business trip, the company closed (also announced before), the
office moving or the mailbox migrating; a mailbox nobody reads any more. Plain substrings,
folded by autoreply.py when it loads, in the 14 languages of the rule pack.
"""

from __future__ import annotations

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
