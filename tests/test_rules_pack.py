"""Every shipped rule on messages written for it, in several languages,
including messages that must NOT match (negations, look-alike words)."""

from __future__ import annotations

import pytest

from mailcrm.engine.loader import load_rules, shipped_rules_dir
from mailcrm.engine.model import CustomerFacts
from mailcrm.engine.probe import evaluate_message

RULESET = load_rules(None)

IN, OUT = "in", "out"
YES, NO = True, False

# (rule, direction, text, should match). The text is the body; a line starting
# with "Subject:" becomes the subject.
MESSAGE_CASES = [
    # -- green products ----------------------------------------------------------
    ("pref.eco-friendly", IN, "Do you have eco-friendly ball valves? Our clients ask for them.", YES),
    ("pref.eco-friendly", IN, "Necesitamos válvulas ECOLÓGICAS y sin plomo para el mercado español.", YES),
    ("pref.eco-friendly", IN, "Wir suchen umweltfreundliche Kugelhähne aus bleifreiem Messing.", YES),
    ("pref.eco-friendly", IN, "Nous cherchons des vannes écologiques et recyclables.", YES),
    ("pref.eco-friendly", IN, "Cerchiamo valvole ecologiche, senza piombo.", YES),
    ("pref.eco-friendly", IN, "Нужны экологичные краны без свинца.", YES),
    ("pref.eco-friendly", IN, "نحتاج صمامات صديقة للبيئة وخالية من الرصاص", YES),
    ("pref.eco-friendly", IN, "Çevre dostu ve kurşunsuz vanalar arıyoruz.", YES),
    ("pref.eco-friendly", IN, "環境に優しい素材のバルブはありますか。", YES),
    ("pref.eco-friendly", IN, "我们需要环保材料的球阀，最好是无铅的。", YES),
    ("pref.eco-friendly", IN, "We are not interested in eco-friendly options, price is what matters.", NO),
    ("pref.eco-friendly", IN, "No necesitamos productos ecológicos.", NO),
    ("pref.eco-friendly", IN, "Wir haben kein Interesse an umweltfreundlichen Varianten.", NO),
    ("pref.eco-friendly", IN, "我们不需要环保材料，只要便宜。", NO),
    ("pref.eco-friendly", IN, "Eco-friendly packaging is not required for this order.", NO),
    ("pref.eco-friendly", IN, "We need durable valves for high pressure.", NO),
    ("pref.eco-friendly", OUT, "Our valves are eco-friendly and lead-free.", NO),
    ("pref.eco-friendly", IN, "Thanks.\n\nOn Mon, 2 Mar 2026 Lisa wrote:\n> our eco-friendly range", NO),
    # -- certifications ----------------------------------------------------------
    # t3tags: approvals asked as a product property (belgeli, homologado, omologato); one they hold themselves is not
    # t3tags: documents thanked for ('belgeler') and an approved product in an inquiry line are no certificate request
    ("pref.certification", IN, "Merhaba, belgeler için teşekkürler. Bakiye ödemesini önümüzdeki ay yapabiliriz.", NO),
    ("pref.certification", IN, "نبحث عن صمامات بوابة معتمدة للمشروع، الدفع بالاعتماد المستندي.", NO),
    ("pref.certification", IN, "Bu yüzden ürünler TSE ve CE belgeli olmalı.", YES),
    ("pref.certification", IN, "Las válvulas deben estar homologadas para agua potable.", YES),
    ("pref.certification", IN, "Les vannes doivent être homologuées ACS.", YES),
    ("pref.certification", IN, "I prodotti devono essere omologati e marcati CE.", YES),
    ("pref.certification", IN, "Zawory muszą być z atestem PZH.", YES),
    ("pref.certification", IN, "Краны должны быть сертифицированными по ЕАЭС.", YES),
    ("pref.certification", IN, "The valves must be CE marked.", YES),
    (
        "pref.certification",
        IN,
        "Die SVGW-Zulassung für unsere Hausanschlüsse haben wir selber, das ist kein Thema.",
        NO,
    ),
    ("pref.certification", IN, "The WRAS approval for our own assemblies we have ourselves, that is no issue.", NO),
    ("pref.certification", IN, "La homologación para nuestras acometidas la tenemos nosotros, no hay problema.", NO),
    ("pref.certification", IN, "认证我们自己有，不用担心。", NO),
    ("pref.certification", IN, "Firmamız ISO 9001 belgeli bir firmadır.", NO),
    ("pref.certification", IN, "Please send the CE certificate and the RoHS declaration.", YES),
    ("pref.certification", IN, "¿Tienen certificado CE e ISO 9001?", YES),
    ("pref.certification", IN, "Bitte senden Sie uns das Zertifikat nach DVGW.", YES),
    ("pref.certification", IN, "Пришлите, пожалуйста, сертификаты EAC.", YES),
    ("pref.certification", IN, "请提供CE认证和检测报告。", YES),
    ("pref.certification", IN, "Nous voulons ce produit en DN50.", NO),  # French "ce" = "this"
    ("pref.certification", IN, "We hope to reach an agreement soon.", NO),  # "reach" the verb
    ("pref.certification", IN, "No certificate is needed, it is for our own workshop: certificates not required.", NO),
    # a declaration they already hold, still valid, is no request (issue 34)
    ("pref.certification", IN, "Декларация соответствия ЕАЭС на краны у нас есть, делали в прошлом году.", NO),
    ("pref.certification", IN, "Our CE declaration from last year is still valid.", NO),
    ("pref.certification", IN, "La declaración de conformidad sigue vigente, no hace falta otra.", NO),
    ("pref.certification", IN, "Das DVGW-Zertifikat ist noch gültig.", NO),
    ("pref.certification", IN, "CE认证证书仍然有效。", NO),
    ("pref.certification", IN, "Нужен сертификат EAC на новые краны.", YES),
    ("pref.certification", IN, "El certificado 3.1 que vino con la carga dice 1.4408 para todas.", NO),
    ("pref.certification", IN, "The 3.1 certificate that came with the goods says CF8M.", NO),
    # t2tags: certificates already on file, in another clause of the sentence, are no request
    (
        "pref.certification",
        IN,
        "Prüfzeugnisse 2.2 wie bisher, die haben wir schon im System, da brauchen wir nichts Neues.",
        NO,
    ),
    ("pref.certification", IN, "The 3.1 certificates as before, we have them on file, so nothing new needed.", NO),
    ("pref.certification", IN, "Los certificados 3.1, como siempre, ya los tenemos en el sistema.", NO),
    ("pref.certification", IN, "Сертификаты ЕАС, как и раньше, у нас уже есть в системе.", NO),
    ("pref.certification", IN, "CE证书跟以前一样，我们系统里已经有了。", NO),
    ("pref.certification", IN, "Prüfzeugnisse 3.1 bitte mit jeder Lieferung, wie bisher.", YES),
    ("pref.certification", IN, "Please send the 3.1 certificates with every shipment, as before.", YES),
    # t2tags: a price to come close to, or above what others pay, is price pressure
    # t3tags: our price leaves no margin at their retail price
    (
        "pref.price-sensitive",
        IN,
        "Le soy sincera, con estos precios no nos da el margen para el precio de gondola que manejamos en las tiendas.",
        YES,
    ),
    (
        "pref.price-sensitive",
        IN,
        "Честно скажу, с такой ценой мы не выходим на розничную цену, по которой у нас на рынке продаются краны.",
        YES,
    ),
    ("pref.price-sensitive", IN, "To be honest, at this price there is no margin left at our shelf price.", YES),
    ("pref.price-sensitive", IN, "Bei diesem Preis bleibt uns keine Marge für den Handel.", YES),
    ("pref.price-sensitive", IN, "这个价格我们没有利润空间，零售价卖不动。", YES),
    ("pref.price-sensitive", IN, "Con questo prezzo non ci lascia margine rispetto al prezzo al pubblico.", YES),
    ("pref.price-sensitive", IN, "この価格では弊社の利益が出ません。", YES),
    ("pref.price-sensitive", IN, "We have no issue with the price, the margin is fine for us.", NO),
    ("pref.price-sensitive", IN, "Please quote the retail price list for our shop.", NO),
    ("pref.price-sensitive", IN, "Le prix est correct, merci pour votre offre.", NO),
    ("pref.price-sensitive", IN, "There is no margin for error on the delivery date.", NO),
    ("pref.price-sensitive", IN, "No hay margen de error con la fecha de entrega.", NO),
    ("pref.price-sensitive", IN, "If you can get within 3% of where you were I can put you forward.", YES),
    ("pref.price-sensitive", IN, "Se vocês chegarem perto desse preço a gente consegue segurar o lote 2.", YES),
    ("pref.price-sensitive", IN, "Si os acercáis a ese precio, el lote 2 es vuestro.", YES),
    ("pref.price-sensitive", IN, "Если выйдете на эту цену, второй лот ваш.", YES),
    ("pref.price-sensitive", IN, "如果你们能做到这个价，第二批给你们。", YES),
    ("pref.price-sensitive", IN, "Please get within 3 days back to us with the drawing.", NO),
    (
        "pref.price-sensitive",
        IN,
        "Ehrlich gesagt liegen Sie deutlich über dem, was der Fachhandel bei uns für so einen Hahn bezahlt.",
        YES,
    ),
    ("pref.price-sensitive", IN, "Your price is well above what the trade pays us for such a valve.", YES),
    ("pref.price-sensitive", IN, "Están bastante por encima de lo que el mercado nos paga por una válvula así.", YES),
    ("pref.price-sensitive", IN, "Ваша цена заметно выше того, что дилеры платят у нас за такой кран.", YES),
    ("pref.price-sensitive", IN, "Wir zahlen nicht mehr als 30 % im Voraus.", NO),
    ("pref.price-sensitive", IN, "Ödeme vadesinin üzerinde bir gecikme yok.", NO),
    # t2tags: the lead time we gave is too long; urgency about our numbers or a letter, or with "no rush", is not
    # t3tags: goods wanted earlier than planned; earlier payment or a remedy is not
    (
        "pref.fast-delivery",
        IN,
        "One thing - our winter promo kicks off 1 May so if you can push production forward even a week that'd help us a lot.",
        YES,
    ),
    # t3tags: urgency about a court step or a certificate is no delivery preference
    (
        "pref.fast-delivery",
        IN,
        "URGENT : le délai pour déclarer votre créance est de deux mois après la publication au BODACC, ne le laissez pas passer.",
        NO,
    ),
    (
        "pref.fast-delivery",
        IN,
        "URGENT: the deadline to file your claim with the administrator is 31 January, please do not miss it.",
        NO,
    ),
    (
        "pref.fast-delivery",
        IN,
        "Dringend: die Frist zur Forderungsanmeldung beim Insolvenzverwalter endet am 15. Januar.",
        NO,
    ),
    # t3tags: goods required at their plant before a date or a shutdown
    (
        "pref.fast-delivery",
        IN,
        "Our mill shutdown for maintenance starts on 10 January. The valves must be at the mill before that date, no later.",
        YES,
    ),
    ("pref.fast-delivery", IN, "밸브가 12월 말까지 현장에 들어와야 합니다.", YES),
    ("pref.fast-delivery", IN, "Las válvulas tienen que estar en la planta antes del paro del 10 de enero.", YES),
    ("pref.fast-delivery", IN, "Die Ventile müssen vor dem Stillstand am 10. Januar bei uns sein.", YES),
    ("pref.fast-delivery", IN, "Краны должны быть на заводе до 10 января.", YES),
    ("pref.fast-delivery", IN, "The invoice must be with us by Friday for the payment run.", NO),
    ("pref.fast-delivery", IN, "我们工厂1月10日停产检修，阀门必须停产前到货。", YES),
    ("pref.fast-delivery", IN, "Wir brauchen die Schieber vor dem Stillstand im Januar.", YES),
    ("pref.fast-delivery", IN, "Das Angebot brauchen wir spätestens bis Freitag.", NO),
    ("pref.fast-delivery", IN, "紧急：债权申报截止日期是1月15日，请尽快向管理人申报。", NO),
    (
        "pref.fast-delivery",
        IN,
        "Ci servono i 3.1 per ogni colata, possibilmente in PDF subito e in originale dopo.",
        NO,
    ),
    ("pref.fast-delivery", IN, "We need the 3.1 certificates urgently, please send a scan today.", NO),
    ("pref.fast-delivery", IN, "Necesitamos urgentemente los certificados de material en PDF.", NO),
    ("pref.fast-delivery", IN, "URGENTE: necesitamos las válvulas en obra antes del 10 de enero.", YES),
    ("pref.fast-delivery", IN, "Urgent: please ship the valves as soon as possible, the site is waiting.", YES),
    ("pref.fast-delivery", IN, "Es ist dringend, bitte liefern Sie so schnell wie möglich.", YES),
    ("pref.fast-delivery", IN, "발주처 사정으로 현장 공정이 앞당겨져서 선적을 1주일 정도 당길 수 있을까요?", YES),
    ("pref.fast-delivery", IN, "能否提前发货？工地下周开工。", YES),
    ("pref.fast-delivery", IN, "¿Podrían adelantar el embarque una semana? La obra empieza antes.", YES),
    ("pref.fast-delivery", IN, "Czy możecie przyspieszyć wysyłkę o tydzień?", YES),
    ("pref.fast-delivery", IN, "Könnten Sie die Verschiffung vorziehen? Die Baustelle beginnt früher.", YES),
    ("pref.fast-delivery", IN, "Можно ли отгрузить раньше, хотя бы на неделю?", YES),
    ("pref.fast-delivery", IN, "出荷を1週間ほど前倒しできますでしょうか。", YES),
    ("pref.fast-delivery", IN, "Sevkiyatı bir hafta öne çekebilir misiniz?", YES),
    ("pref.fast-delivery", IN, "Pourriez-vous avancer l'expédition d'une semaine ?", YES),
    ("pref.fast-delivery", IN, "Can you bring forward the payment date? We would like to pay earlier.", NO),
    ("pref.fast-delivery", IN, "We would prefer to pay the balance earlier, please send the invoice.", NO),
    ("pref.fast-delivery", IN, "Ce serait bien d'avancer le paiement du solde.", NO),
    ("pref.fast-delivery", IN, "能否提前付款给你们？", NO),
    ("pref.fast-delivery", IN, "The replacement for the damaged valves, can you ship it earlier?", NO),
    ("pref.fast-delivery", IN, "Wir würden die Zahlung per T/T vorziehen.", NO),
    ("pref.fast-delivery", IN, "Probleem is de levertijd: 8 weken is te lang.", YES),
    ("pref.fast-delivery", IN, "The lead time of 60 days is too long for us, please shorten it.", YES),
    ("pref.fast-delivery", IN, "交期太长，能否缩短到30天？", YES),
    ("pref.fast-delivery", IN, "Lieferzeit 8 Wochen ist zu lang, geht es schneller?", YES),
    ("pref.fast-delivery", IN, "Срок поставки 10 недель — слишком долго.", YES),
    ("pref.fast-delivery", IN, "Another supplier offered a shorter lead time.", NO),
    (
        "pref.fast-delivery",
        IN,
        "Need date is mid-April on site so no rush on the material, but I do need your revised numbers ASAP.",
        NO,
    ),
    ("pref.fast-delivery", IN, "Preciso urgente do número novo até quarta.", NO),
    ("pref.fast-delivery", IN, "급하게 부탁드릴 것은, 선적 지연 사유서 한 장을 오늘 보내주실 수 있을까요?", NO),
    ("pref.fast-delivery", IN, "Keine Eile mit der Ware, die Baustelle beginnt erst im Juni.", NO),
    # t2tags: the term another one replaces is not their term
    # t3tags: a transfer they do not make or that takes months is no T/T preference
    ("pref.payment-tt", IN, "Zaliczki nie robimy z nowymi dostawcami. Proponujemy płatność D/P przez nasz bank.", NO),
    (
        "pref.payment-tt",
        IN,
        "Os bancos aqui estão sem divisas, transferência em dólar demora meses, por isso só trabalhamos com carta de crédito confirmada.",
        NO,
    ),
    ("pref.payment-tt", IN, "Advance payment we don't do with new suppliers; we propose D/P through our bank.", NO),
    ("pref.payment-tt", IN, "Vorauszahlung machen wir nicht bei neuen Lieferanten, wir schlagen D/P vor.", NO),
    ("pref.payment-tt", IN, "Предоплату мы не делаем с новыми поставщиками, предлагаем аккредитив.", NO),
    ("pref.payment-tt", IN, "新供应商我们不做预付款，建议付款交单。", NO),
    ("pref.payment-tt", IN, "We will pay by T/T, 30% deposit and 70% before shipment.", YES),
    ("pref.payment-tt", IN, "Płatność przelewem: 30% zaliczki, reszta przed wysyłką.", YES),
    ("pref.payment-tt", IN, "Pagamos por transferência bancária antes do embarque.", YES),
    ("pref.payment-tt", IN, "결제는 견적서의 T/T 조건 대신 저희 회사 규정상 L/C at sight로 개설하겠습니다.", NO),
    ("pref.payment-lc", IN, "결제는 견적서의 T/T 조건 대신 저희 회사 규정상 L/C at sight로 개설하겠습니다.", YES),
    ("pref.payment-tt", IN, "Instead of T/T we will open an L/C at sight.", NO),
    ("pref.payment-lc", IN, "Instead of T/T we will open an L/C at sight.", YES),
    ("pref.payment-tt", IN, "Statt T/T zahlen wir per Akkreditiv.", NO),
    ("pref.payment-lc", IN, "Instead of L/C we will pay by T/T.", NO),
    ("pref.payment-tt", IN, "Zamiast L/C zapłacimy przelewem T/T.", YES),
    ("pref.payment-dp", IN, "En lugar de D/P pagaremos con L/C.", NO),
    # t2tags: a dimensional report, 100 % testing, a bench test are quality demands; what their inspection found is not
    (
        "pref.quality-focus",
        IN,
        "One condition: every valve thread gauged (not just AQL sampling) and a dimensional report with the shipment.",
        YES,
    ),
    # t3tags: an inspection that found nothing is a result, not a requirement
    ("pref.quality-focus", IN, "先日の貨物、無事入荷し、検品の結果、特に問題ございませんでした。", NO),
    ("pref.quality-focus", IN, "The goods arrived and our incoming inspection found no problems, thank you.", NO),
    ("pref.quality-focus", IN, "La marchandise est arrivée, contrôlée : conforme, rien à signaler.", NO),
    ("pref.quality-focus", IN, "Wareneingangsprüfung ohne Mängel, alles in Ordnung.", NO),
    ("pref.quality-focus", IN, "Inspección de recepción hecha: todo conforme, ningún problema.", NO),
    ("pref.quality-focus", IN, "货物已到，验货一切正常，谢谢。", NO),
    ("pref.quality-focus", IN, "Приемка прошла, при инспекции замечаний нет.", NO),
    ("pref.quality-focus", IN, "We require third-party inspection before shipment and a full QC report.", YES),
    ("pref.quality-focus", IN, "出荷前に第三者検品をお願いします。品質管理の体制も教えてください。", YES),
    ("pref.quality-focus", IN, "Prima della spedizione vogliamo un'ispezione di terza parte.", YES),
    ("pref.quality-focus", IN, "Dlatego teraz stawiamy na jakość: próba szczelności 100% z protokołami.", YES),
    ("pref.quality-focus", IN, "Пришлите образцы, мы у себя на стенде погоняем, всё новое проверяем сами.", YES),
    ("pref.quality-focus", IN, "请每台阀门全检，并随货提供尺寸报告。", YES),
    ("pref.quality-focus", IN, "Bitte jede Armatur 100 % geprüft und ein Maßprotokoll zur Lieferung.", YES),
    ("pref.quality-focus", IN, "弊社にて受入検査を行いましたところ、一部のフランジに錆が発生しておりました。", NO),
    (
        "pref.quality-focus",
        IN,
        "Nuestro cliente pasa pistola PMI a todo lo inoxidable y 18 de las 50 válvulas dan lectura de 304.",
        NO,
    ),
    ("pref.quality-focus", IN, "Our incoming inspection found the flanges rusty on the gasket face.", NO),
    # a pressure-test report is a document they ask for; a test bench in their complaint is where they found it
    ("pref.quality-focus", IN, "요청 서류: EN 10204 3.1 밀시트, 수압 시험 성적서", NO),
    ("pref.quality-focus", IN, "In allegato video e foto del banco prova (aria 6 bar e acqua 40 bar).", NO),
    ("pref.quality-focus", IN, "Bei uns wird alles Neue geprüft: wir testen alles Neue, bevor es ins Lager geht.", YES),
    # t2tags: a pallet of the shipment that came damaged or short is no order size
    ("pref.small-batch", IN, "Uma palete veio com o estrado partido e duas caixas amolgadas.", NO),
    ("pref.small-batch", IN, "One pallet arrived damaged, the valves inside are fine.", NO),
    ("pref.small-batch", IN, "Eine Palette fehlt in der Lieferung.", NO),
    ("pref.small-batch", IN, "Para começar só uma palete, é possível?", YES),
    ("pref.small-batch", IN, "We would like a small order first, one pallet only.", YES),
    ("pref.small-batch", IN, "Одна паллета пришла смятой, краны целые.", NO),
    ("pref.small-batch", IN, "有一托盘压坏了，阀门没事。", NO),
    # a certificate list in a signature whose phone digits are masked ("033-53x-xx20") is a signature
    (
        "pref.certification",
        IN,
        "견적 감사합니다. 5% 할인 검토 부탁드립니다.\n\n박준영 과장\n구매팀 | (주)동해에너지설비\n"
        "T. 033-53x-xx20  M. 010-xxxx-4471\n한전(KEPCO) 등록업체 / ISO 9001 · ISO 14001 인증",
        NO,
    ),
    # -- OEM / ODM ---------------------------------------------------------------
    ("pref.oem-odm", IN, "Can you do OEM with our logo on the handle?", YES),
    ("pref.oem-odm", IN, "Queremos las válvulas con nuestra marca, personalizadas.", YES),
    ("pref.oem-odm", IN, "Wir brauchen kundenspezifische Ventile nach unserer Zeichnung.", YES),
    ("pref.oem-odm", IN, "我们需要贴牌，印我们的logo。", YES),
    ("pref.oem-odm", IN, "Standard valves are fine, no OEM needed.", NO),
    # -- small batch / MOQ ---------------------------------------------------------
    ("pref.small-batch", IN, "What is your MOQ? We start with a trial order.", YES),
    ("pref.small-batch", IN, "¿Cuál es la cantidad mínima? Queremos un pedido de prueba.", YES),
    ("pref.small-batch", IN, "Wie hoch ist Ihre Mindestbestellmenge?", YES),
    ("pref.small-batch", IN, "Минимальный заказ какой?", YES),
    ("pref.small-batch", IN, "你们的起订量是多少？可以先下小批量吗？", YES),
    ("pref.small-batch", IN, "We order full containers only.", NO),
    # -- fast delivery -------------------------------------------------------------
    ("pref.fast-delivery", IN, "This is urgent, we need the valves as soon as possible.", YES),
    ("pref.fast-delivery", IN, "Es urgente, necesitamos entrega rápida.", YES),
    ("pref.fast-delivery", IN, "Bitte dringend liefern.", YES),
    ("pref.fast-delivery", IN, "请尽快发货，这是急单。", YES),
    ("pref.fast-delivery", IN, "What is your lead time?", NO),
    ("pref.fast-delivery", IN, "It is not urgent, take your time.", NO),
    # a required delivery date or a short lead time for the goods, without an urgency word
    (
        "pref.fast-delivery",
        IN,
        "Le chantier démarre le mois prochain : pouvez-vous expédier sous trois semaines ?",
        YES,
    ),
    ("pref.fast-delivery", IN, "El material tiene que estar en planta antes del 20 de enero.", YES),
    ("pref.fast-delivery", IN, "工期が迫っており、12月25日までに現場へ納入が必要です。", YES),
    ("pref.fast-delivery", IN, "工地12月中旬開始安裝，所以交期對我們很重要。", YES),
    ("pref.fast-delivery", IN, "The valves must be on site by 15 March, the installation starts the week after.", YES),
    ("pref.fast-delivery", IN, "Краны должны быть на объекте к 20 ноября.", YES),
    ("pref.fast-delivery", IN, "Zawory muszą być na budowie najpóźniej 10 marca.", YES),
    ("pref.fast-delivery", IN, "يجب أن تصل البضاعة إلى الموقع قبل 15 ديسمبر.", YES),
    ("pref.fast-delivery", IN, "Please quote and shorten the lead time, our site starts on 1 December.", YES),
    # urgency in an auto-reply's "for urgent matters please contact", even when the notice is missed
    ("pref.fast-delivery", IN, "For urgent matters please contact Sam on +44 20 0000 0000.", NO),
    (
        "pref.fast-delivery",
        IN,
        "Sua mensagem será lida após o meu retorno. Assuntos urgentes do financeiro: fin@x.com.br",
        NO,
    ),
    ("pref.fast-delivery", IN, "По срочным вопросам, пожалуйста, обращайтесь в отдел закупок.", NO),
    ("pref.fast-delivery", IN, "للأمور العاجلة يرجى التواصل مع م. خالد", NO),
    ("pref.fast-delivery", IN, "급한 용무는 구매팀으로 연락 바랍니다.", NO),
    ("pref.fast-delivery", IN, "Per urgenze contattare l'ufficio acquisti.", NO),
    # urgency about a remedy, a reply, a document, the quotation or a payment
    (
        "pref.fast-delivery",
        IN,
        "Il cliente ci chiede la sostituzione con urgenza, l'impianto deve partire entro fine mese.",
        NO,
    ),
    ("pref.fast-delivery", IN, "Please replace the leaking valves urgently.", NO),
    ("pref.fast-delivery", IN, "Please send your quotation by Thursday at the latest.", NO),
    ("pref.fast-delivery", IN, "Merci de nous envoyer votre devis au plus tard vendredi.", NO),
    ("pref.fast-delivery", IN, "Bitte kurzfristig Rückmeldung.", NO),
    ("pref.fast-delivery", IN, "Пожалуйста, срочно пришлите КП.", NO),
    ("pref.fast-delivery", IN, "请尽快回复，谢谢。", NO),
    ("pref.fast-delivery", IN, "至急ご回答をお願いいたします。", NO),
    ("pref.fast-delivery", IN, "Bakiyeyi önümüzdeki ay, en geç 15 Ekim'e kadar ödemeyi planlıyoruz.", NO),
    # urgency right next to sending the goods, in a sentence that also asks for a confirmation
    ("pref.fast-delivery", IN, "Please confirm the PO and ship it ASAP.", YES),
    ("pref.fast-delivery", IN, "请确认订单后尽快发货。", YES),
    ("pref.fast-delivery", IN, "Пожалуйста, подтвердите заказ и срочно отгрузите.", YES),
    ("pref.fast-delivery", IN, "Bitte bestätigen Sie den Auftrag und liefern Sie umgehend.", YES),
    ("pref.fast-delivery", IN, "Please send the shipping documents urgently.", NO),
    ("pref.fast-delivery", IN, "Please confirm the delivery date asap.", NO),
    ("pref.fast-delivery", IN, "请尽快回复交期。", NO),
    # a rival's quick delivery
    ("pref.fast-delivery", IN, "Another supplier offered a shorter lead time and can ship within two weeks.", NO),
    # -- price sensitivity ---------------------------------------------------------
    ("pref.price-sensitive", IN, "Your price is too high, can you give a discount?", YES),
    ("pref.price-sensitive", IN, "El precio es demasiado caro, necesitamos un descuento.", YES),
    ("pref.price-sensitive", IN, "Das ist uns zu teuer, geht es günstiger?", YES),
    ("pref.price-sensitive", IN, "Это слишком дорого, нужна скидка.", YES),
    ("pref.price-sensitive", IN, "价格太贵了，能降价吗？", YES),
    ("pref.price-sensitive", IN, "Price is not our main concern, quality is.", NO),
    # -- quality focus ---------------------------------------------------------------
    ("pref.quality-focus", IN, "We need a third-party inspection and the pressure test report.", YES),
    ("pref.quality-focus", IN, "Necesitamos control de calidad y prueba de presión.", YES),
    ("pref.quality-focus", IN, "品質管理と耐圧試験の記録をお願いします。", YES),
    ("pref.quality-focus", IN, "请安排验货，并提供压力测试报告。", YES),
    ("pref.quality-focus", IN, "Please send the price list.", NO),
    # -- payment terms -----------------------------------------------------------------
    ("pref.payment-tt", IN, "Payment: 30% T/T in advance, 70% before shipment.", YES),
    ("pref.payment-tt", IN, "Pagaremos por transferencia bancaria.", YES),
    ("pref.payment-tt", IN, "我们电汇30%定金。", YES),
    ("pref.payment-tt", IN, "Оплата банковским переводом.", YES),
    ("pref.payment-tt", IN, "The button must be stainless steel.", NO),
    ("pref.payment-lc", IN, "We can only pay by L/C at sight.", YES),
    ("pref.payment-lc", IN, "Wir zahlen per Akkreditiv.", YES),
    ("pref.payment-lc", IN, "付款方式：信用证。", YES),
    ("pref.payment-lc", IN, "Please quote DN50 PN16 ball valves.", NO),
    ("pref.payment-dp", IN, "Is D/P at sight acceptable for you?", YES),
    ("pref.payment-dp", IN, "Preferimos documentos contra pago.", YES),
    ("pref.payment-dp", IN, "可以接受付款交单吗？", YES),
    ("pref.payment-dp", IN, "Wir bitten um Zahlung D/P, Dokumente gegen Zahlung.", YES),
    ("pref.payment-dp", IN, "Please send the drawing of DN80.", NO),
    # our offer's terms restated or the question which term we accept: no preference, unless they accept it
    ("pref.payment-tt", IN, "As per your offer: 30% T/T deposit, 70% before shipment.", NO),
    ("pref.payment-tt", IN, "Según su cotización, el pago es 30% por transferencia bancaria.", NO),
    ("pref.payment-tt", IN, "Laut Ihrem Angebot: 30% Anzahlung per Überweisung, Rest vor Verschiffung.", NO),
    ("pref.payment-tt", IN, "Vous proposez 30 % d'acompte par virement : nous devons en parler en interne.", NO),
    ("pref.payment-tt", IN, "按照贵司报价，30%电汇预付，70%见提单副本。", NO),
    ("pref.payment-tt", IN, "Согласно вашему предложению оплата 30% предоплата банковским переводом.", NO),
    ("pref.payment-tt", IN, "Which payment terms do you accept, T/T or L/C?", NO),
    ("pref.payment-tt", IN, "We accept your terms: 30% T/T deposit, 70% before shipment.", YES),
    ("pref.payment-tt", IN, "Aceptamos su propuesta: 30% por transferencia bancaria.", YES),
    (
        "pref.payment-tt",
        IN,
        "Ihre Zahlungsbedingungen sind für uns in Ordnung: 30% per Überweisung, Rest gegen B/L-Kopie.",
        YES,
    ),
    ("pref.payment-lc", IN, "You offered T/T or L/C, we will check internally.", NO),
    ("pref.payment-lc", IN, "Do you accept L/C or only T/T?", NO),
    ("pref.payment-lc", IN, "Quali modalità di pagamento accettate, bonifico o lettera di credito?", NO),
    ("pref.payment-lc", IN, "Teklifinize göre ödeme akreditif ile, yönetime sunacağız.", NO),
    ("pref.payment-lc", IN, "Do you accept L/C at 90 days?", YES),
    ("pref.payment-lc", IN, "Akceptujemy Państwa warunki: akredytywa płatna za okazaniem.", YES),
    ("pref.payment-dp", IN, "Welche Zahlungsbedingungen akzeptieren Sie, D/P oder nur Vorkasse?", NO),
    ("pref.payment-dp", IN, "你们要求付款交单，我们内部讨论一下。", NO),
    ("pref.payment-dp", IN, "Vos conditions nous conviennent : documents contre paiement à vue.", YES),
    # a term they refuse (too costly, "carta de crédito no"), a former supplier's or their old term,
    # an invoice settled by transfer, a deposit as the start of the lead time: no preference
    ("pref.payment-lc", IN, "An L/C is not something we open for an order this size.", NO),
    ("pref.payment-lc", IN, "Carta de crédito no, el banco nos cobra demasiado.", NO),
    ("pref.payment-lc", IN, "Com o fornecedor anterior trabalhávamos com carta de crédito.", NO),
    ("pref.payment-lc", IN, "Bu tutar için akreditif açmak çok masraflı.", NO),
    ("pref.payment-lc", IN, "Ein Akkreditiv ist für diese Menge zu teuer.", NO),
    ("pref.payment-lc", IN, "信用证手续费太高，我们不做。", NO),
    ("pref.payment-lc", IN, "Раньше мы работали по аккредитиву с другим поставщиком.", NO),
    ("pref.payment-lc", IN, "Con il vecchio fornitore lavoravamo con lettera di credito.", NO),
    ("pref.payment-lc", IN, "We can only open an L/C at 60 days.", YES),
    ("pref.payment-lc", IN, "Podemos abrir carta de crédito a 90 días.", YES),
    ("pref.payment-lc", IN, "Nous ouvrirons un crédit documentaire à vue.", YES),
    ("pref.payment-lc", IN, "Akreditifi önümüzdeki hafta açacağız.", YES),
    ("pref.payment-tt", IN, "Die Rechnung haben wir heute per Überweisung beglichen, Beleg anbei.", NO),
    ("pref.payment-tt", IN, "The invoice has been paid by bank transfer today.", NO),
    ("pref.payment-tt", IN, "Factura pagada por transferencia bancaria, adjunto justificante.", NO),
    ("pref.payment-tt", IN, "Le délai court-il à partir de la réception de l'acompte ?", NO),
    ("pref.payment-tt", IN, "Is the lead time 30 days after receipt of the deposit?", NO),
    ("pref.payment-tt", IN, "收到预付款后多少天可以发货？", NO),
    ("pref.payment-tt", IN, "Срок поставки считается после получения предоплаты?", NO),
    ("pref.payment-tt", IN, "Our previous supplier worked with 100% T/T in advance.", NO),
    ("pref.payment-tt", IN, "Con il vecchio fornitore pagavamo con bonifico anticipato.", NO),
    ("pref.payment-tt", IN, "We pay 30/70 by bank transfer.", YES),
    ("pref.payment-tt", IN, "Pagamos 30% de anticipo por transferencia bancaria.", YES),
    ("pref.payment-tt", IN, "Wir zahlen per Überweisung, 30% Anzahlung.", YES),
    ("pref.payment-tt", IN, "我们电汇30%定金，余款见提单副本付清。", YES),
    ("pref.payment-dp", IN, "Eskiden vesaik mukabili çalışıyorduk, şimdi peşin ödüyoruz.", NO),
    ("pref.payment-dp", IN, "With our former supplier we worked D/P at sight.", NO),
    ("pref.payment-dp", IN, "D/P jest dla nas za drogie.", NO),
    ("pref.payment-dp", IN, "D/P at sight please.", YES),
    ("pref.payment-dp", IN, "Preferimos documentos contra pago.", YES),
    # -- stages --------------------------------------------------------------------------
    ("stage.inquiry", IN, "Subject: Inquiry ball valves\nPlease quote 500 pcs DN50.", YES),
    ("stage.inquiry", IN, "Solicitud de cotización: válvulas de bola.", YES),
    ("stage.inquiry", IN, "Sehr geehrte Damen und Herren, wir haben eine Anfrage für Kugelhähne.", YES),
    ("stage.inquiry", IN, "您好，询价：球阀DN50，请报价。", YES),
    ("stage.inquiry", OUT, "Please quote us your freight rate.", NO),
    ("stage.quotation", OUT, "Please find attached our quotation for 500 pcs.", YES),
    ("stage.quotation", OUT, "Adjunto nuestra cotización.", YES),
    ("stage.quotation", OUT, "附件是报价单，请查收。", YES),
    ("stage.quotation", IN, "Thank you for your quotation, we will study it.", YES),
    ("stage.quotation", IN, "Vielen Dank für Ihr Angebot.", YES),
    ("stage.quotation", IN, "Please quote 500 pcs.", NO),
    ("stage.sample", IN, "Could you send us two samples before we order?", YES),
    ("stage.sample", IN, "¿Pueden enviarnos muestras gratis?", YES),
    ("stage.sample", IN, "Pouvez-vous envoyer un échantillon ?", YES),
    ("stage.sample", IN, "Bitte schicken Sie uns ein Muster.", YES),
    ("stage.sample", IN, "Можете отправить образцы?", YES),
    ("stage.sample", IN, "هل يمكنكم إرسال العينة؟", YES),
    ("stage.sample", IN, "Numune gönderebilir misiniz?", YES),
    ("stage.sample", IN, "サンプルを送ってください。", YES),
    ("stage.sample", IN, "请寄样品给我们。", YES),
    ("stage.sample", IN, "For example, do you also make gate valves?", NO),
    ("stage.sample", IN, "Por ejemplo, la tabla muestra los precios.", NO),
    ("stage.sample", IN, "We don't need samples, we know your quality.", NO),
    ("stage.sample", IN, "Zum Beispiel DN50. Wir brauchen kein Muster, das Muster ist nicht nötig.", NO),
    ("stage.negotiation", IN, "Your price is too high; our target price is USD 12.", YES),
    # bargaining on terms: a payment term refused, a lead time too long; a rival only with their offer
    ("stage.negotiation", IN, "Ancak yurt dışı tedarikçilerle peşin ödeme ile çalışmıyoruz.", YES),
    ("stage.negotiation", IN, "Problemem jest termin - 45 dni to za długo.", YES),
    ("stage.negotiation", IN, "An L/C is not something we open for an order this size.", YES),
    ("stage.negotiation", IN, "交货期太长了，能否缩短到三周？", YES),
    ("stage.negotiation", IN, "We lost the order to a local factory.", YES),
    ("stage.negotiation", IN, "Los otros proveedores ya nos cotizaron un 10% menos.", YES),
    ("stage.negotiation", IN, "How long is the lead time?", NO),
    ("stage.negotiation", IN, "Però i prezzi sono fuori mercato: dovremmo stare almeno un 12% sotto.", YES),
    ("stage.negotiation", IN, "Sur les DN250 nous sommes environ 15 % au-dessus de l'enveloppe du client.", YES),
    ("stage.negotiation", IN, "Our previous supplier did not work with L/C.", NO),
    (
        "stage.negotiation",
        IN,
        "Si no recibimos su cotización la próxima semana lo presentamos con los otros proveedores que ya nos cotizaron.",
        NO,
    ),
    (
        "stage.negotiation",
        IN,
        "Unser Kunde hat die Kugelhähne eines anderen Herstellers nach wenigen Monaten beanstandet.",
        NO,
    ),
    ("stage.negotiation", IN, "Ze hebben dat vorig jaar bij een andere leverancier ook gedaan.", NO),
    ("stage.sample", IN, "Please send a copy of your API 6D licence and a sample 3.1 MTR per EN 10204.", NO),
    # a new order (its stage moves back to order only after a shipment: tests/test_rules_run.py)
    ("stage.new-order", IN, "W załączniku zamówienie nr ZK/26/1042 na 40 szt. DN80, wysyłka lotnicza.", YES),
    ("stage.new-order", IN, "Please find attached our PO 4712 for 40 pcs DN80.", YES),
    ("stage.new-order", IN, "货已收到，谢谢。附件是新的采购订单，请确认订单。", YES),
    ("stage.new-order", IN, "Wir bestellen hiermit 40 Stück DN80, anbei unsere Bestellung 4500012.", YES),
    (
        "stage.new-order",
        IN,
        "Subject: RE: PO 4711 - shipping advice\nGoods received, thanks. Could you confirm the order number?",
        NO,
    ),
    ("stage.new-order", IN, "If we place the order next week, can you ship before Christmas?", NO),
    # prices asked for without a request-for-quotation phrase
    ("stage.inquiry", IN, "Цены на краны тоже пришлите, пожалуйста, в долларах.", YES),
    ("stage.inquiry", IN, "Wir benötigen Ihre Preise für 200 Stück DN50.", YES),
    ("stage.inquiry", IN, "Please send the invoice at the agreed price.", NO),
    # a new request for a quotation in a thread of its own (tested as the first message of its thread)
    ("stage.new-inquiry", IN, "Subject: RFQ - gate valves DN100\nPlease quote 200 pcs gate valves DN100 PN16.", YES),
    ("stage.new-inquiry", IN, "Subject: 询价：蝶阀\n请报价：DN200蝶阀 50台。", YES),
    ("stage.new-inquiry", IN, "Subject: Anfrage Kugelhähne\nBitte um Ihr Angebot für 80 Stück DN50.", YES),
    ("stage.new-inquiry", IN, "Subject: RE: Quotation HT-Q-1\nPlease quote also 20 pcs DN50.", NO),
    ("stage.new-inquiry", IN, "Subject: PO 4711\nPlease find attached our purchase order as per your price list.", NO),
    ("stage.negotiation", IN, "¿Cuál es su mejor precio?", YES),
    ("stage.negotiation", IN, "Qual é o seu melhor preço?", YES),
    ("stage.negotiation", IN, "能不能再降价？我们的目标价是10美元。", YES),
    ("stage.negotiation", OUT, "Our best price is USD 33.84 for 400 pcs.", YES),
    ("stage.negotiation", OUT, "If the price is the concern, please tell me your target price.", NO),
    ("stage.order", IN, "Please find attached our purchase order PO-4711.", YES),
    ("stage.order", IN, "Adjunto la orden de compra.", YES),
    ("stage.order", IN, "Anbei unsere Bestellung.", YES),
    ("stage.order", IN, "Vi confermiamo l'ordine.", YES),
    ("stage.order", IN, "我们这周下单，请发形式发票。", YES),
    ("stage.order", OUT, "We can ship within 15 days if you confirm the order this week.", NO),
    ("stage.order", IN, "下单之前想先看看样品。", NO),
    ("stage.order", IN, "Un po' di pazienza, per favore.", NO),  # Italian "po" is no PO
    ("stage.shipment", OUT, "Your goods have been shipped. B/L No.: ONEYNGB50836934, ETD Ningbo: 17 Sep.", YES),
    ("stage.shipment", OUT, "Adjunto el conocimiento de embarque.", YES),
    ("stage.shipment", OUT, "货物已发货，提单号如下。", YES),
    ("stage.shipment", OUT, "Payment: 30% T/T deposit, balance against B/L copy.", NO),
    ("stage.shipment", IN, "When is the ETD, and do you have the vessel and container number yet?", NO),
    ("stage.shipment", OUT, "The 5 samples were sent today by DHL, tracking number 9635280692.", NO),
    ("stage.after-sales", IN, "We need spare parts for the valves you delivered.", YES),
    (
        "stage.after-sales",
        IN,
        "Subject: RE: Shipping advice / B/L HLCU2610\nTwo cartons are missing, 96 pcs short.",
        YES,
    ),
    ("stage.after-sales", IN, "Subject: RE: Aviso de embarque / BL 0457\nFaltan dos cajas, 96 piezas menos.", YES),
    ("stage.order", OUT, "Thank you. Sample PI HT-S26-088 attached (USD 96 for 4 pcs incl. logo marking).", NO),
    ("stage.quotation", OUT, "W załączniku oferta HT-Q26-1221, DAP Katowice, z atestami 3.1.", YES),
    (
        "stage.new-order",
        IN,
        "Die Ware ist eingetroffen, laut Auftragsbestätigung war der Liefertermin der 12. Oktober.",
        NO,
    ),
    ("stage.new-order", IN, "Können Sie Dokumente nachreichen? Dann wäre die Freigabe nicht nötig.", NO),
    ("stage.back-to-negotiation", IN, "Our client postponed the project, so we have to cancel the order.", YES),
    ("stage.back-to-negotiation", IN, "Wir müssen die Bestellung leider stornieren.", YES),
    ("stage.back-to-negotiation", IN, "客户项目暂停，我们只能取消订单。", YES),
    ("stage.back-to-negotiation", IN, "Can we cancel the order if the samples fail?", NO),
    ("stage.back-to-negotiation", IN, "The tender was awarded to another bidder.", YES),
    ("stage.after-sales", IN, "Necesitamos repuestos y el manual de instalación.", YES),
    ("stage.after-sales", IN, "收到货了，需要一些配件。", YES),
    # -- risks ----------------------------------------------------------------------------
    ("risk.complaint", IN, "The goods arrived damaged and two valves are leaking.", YES),
    ("risk.complaint", IN, "What happens if the goods arrive damaged?", NO),
    # a case that has not happened, asked before ordering, in its sentence
    ("risk.complaint", IN, "万が一、輸送中に破損した品があった場合、代替品の手配はどのようになりますか。", NO),
    ("risk.complaint", IN, "Falls beim Auspacken Transportschäden auftauchen sollten, melden wir uns.", NO),
    ("risk.complaint", IN, "En caso de piezas defectuosas, ¿cómo gestionan la reposición.", NO),
    ("risk.complaint", IN, "Beim Auspacken haben wir Transportschäden an vier Kartons festgestellt.", YES),
    # their own mistake, said in the next sentence
    ("risk.complaint", IN, "W zamówieniu wpisaliśmy DN65 zamiast DN80. To nasz błąd, nie Państwa.", NO),
    ("risk.complaint", IN, "We ordered DN65 instead of DN80. That was our mistake, sorry.", NO),
    ("risk.complaint", IN, "You sent DN65 instead of DN80 as ordered.", YES),
    # an apology for their own delay; new goods to replace what they have or to restock
    ("risk.complaint", IN, "نعتذر عن التأخير في التحويل.", NO),
    ("risk.complaint", IN, "Sorry for the delay, the payment goes out today.", NO),
    ("risk.complaint", IN, "Precisamos das válvulas para o cliente poder trocar sem mexer na tubulação.", NO),
    ("risk.complaint", IN, "É reposição de estoque para o primeiro trimestre.", NO),
    ("risk.complaint", IN, "Bitte senden Sie Ersatz für die undichten Ventile.", YES),
    ("risk.complaint", IN, "Our previous supplier's valves rusted within a year.", NO),
    ("risk.complaint", IN, "最终用户投诉之前的供应商的阀门生锈。", NO),
    # the previous supplier named anywhere in the sentence, not only next to the complaint word (unless_sentence)
    ("risk.complaint", IN, "业主之前用的是别家供应商的球阀，不到一年就漏，一直在投诉他们。", NO),
    ("risk.complaint", IN, "你们的球阀不到一年就漏，业主一直在投诉。", YES),
    ("risk.complaint", IN, "Our former supplier's gaskets failed, so the site manager kept filing complaints.", NO),
    ("risk.complaint", IN, "Sechs Ventile fehlen und die Beschichtung blättert ab.", YES),
    ("risk.complaint", IN, "La mercancía llegó dañada, queremos un reembolso.", YES),
    ("risk.complaint", IN, "Die Ware ist beschädigt, das ist eine Reklamation.", YES),
    ("risk.complaint", IN, "La livraison a du retard, c'est inacceptable.", YES),
    ("risk.complaint", IN, "Товар пришёл повреждённым, это брак.", YES),
    ("risk.complaint", IN, "وصلت البضاعة تالفة ونريد استرداد المبلغ", YES),
    ("risk.complaint", IN, "Ürünler hasarlı geldi, iade istiyoruz.", YES),
    ("risk.complaint", IN, "商品が破損していました。返金をお願いします。", YES),
    ("risk.complaint", IN, "货物损坏了，我们要求退款。", YES),
    ("risk.complaint", IN, "The goods arrived in good condition, no complaints so far.", NO),
    ("risk.complaint", IN, "Nothing was damaged, thank you.", NO),
    ("risk.complaint", IN, "Please send the leakage test report.", NO),
    ("stage.order", IN, "Die Bestellung kommt voraussichtlich in KW 50.", NO),
    ("stage.order", IN, "Anbei unsere Bestellung 26-0871 über 40 Klappen.", YES),
    ("stage.order", IN, "Our PO will follow next week once the budget is approved.", NO),
    ("stage.order", IN, "Please find attached our PO 4521.", YES),
    ("stage.order", IN, "我们预计下周下单。", NO),
    ("pref.payment-tt", IN, "이번 달 자금 사정이 빠듯합니다. 잔금은 12월 중순쯤 송금해도 괜찮을까요?", NO),
    # their own terms with a bare "TT" after a share; a remittance reported late is money sent, no term (issue 34)
    ("pref.payment-tt", IN, "Ödeme: %30 peşin TT, kalan %70 yüklemeden önce TT.", YES),
    ("pref.payment-tt", IN, "Payment: 30% TT with the order, balance TT before loading.", YES),
    ("pref.payment-tt", IN, "Pago: 30% por TT con el pedido.", YES),
    ("pref.payment-tt", IN, "Please find the button on page 3.", NO),
    (
        "pref.payment-tt",
        IN,
        "잔금 70%는 어제 송금 요청했는데 저희 거래은행 처리가 늦어져서 오늘 오전에 나갔습니다.",
        NO,
    ),
    ("pref.payment-tt", IN, "We instructed our bank yesterday, the bank transfer went out this morning.", NO),
    ("pref.payment-tt", IN, "付款方式我们公司规定只能做即期信用证，T/T预付财务那边批不了。", NO),
    (
        "stage.shipment",
        OUT,
        "We can ship by LCL on 12 November once payment is received, ETA Gdańsk around 10 December.",
        NO,
    ),
    ("stage.shipment", OUT, "To keep the 12 December ETA we would need the deposit by 18 November.", NO),
    ("stage.shipment", IN, "نوافق على الدفع 30% مقدماً والباقي مقابل صورة بوليصة الشحن.", NO),
    ("stage.shipment", OUT, "PO 3318 sailed today, B/L COSU6438812270, ETA Long Beach 3 November.", YES),
    ("stage.sample", OUT, "Any news? Happy to send a sample of the DN100 if that helps.", NO),
    ("stage.sample", OUT, "The samples went out today by DHL.", YES),
    ("risk.complaint", IN, "Your packing list says 20 pallets, but pallets 19 and 20 were not in the container.", YES),
    ("risk.complaint", IN, "Pallets 19 and 20 never got loaded at your end.", YES),
    ("pref.certification", IN, "Documents required: commercial invoice, certificate of origin, packing list.", NO),
    ("pref.certification", IN, "Unstimmigkeiten: Ursprungszeugnis ohne Stempel der Handelskammer.", NO),
    ("pref.certification", IN, "Documents: invoice, certificate of origin, mill test certificate EN 10204 3.1.", YES),
    # a first order or "to start with" says nothing of its size
    ("pref.small-batch", IN, "To start with we need 3,000 pcs per size, your best price please.", NO),
    ("pref.small-batch", IN, "Pour commencer, 600 pièces par diamètre.", NO),
    ("pref.small-batch", IN, "We would like to place a trial order of 40 pcs first.", YES),
    ("pref.small-batch", IN, "まずは小ロットでテスト注文をお願いしたいです。", YES),
    ("stage.shipment", OUT, "Your forwarder booked the container: vessel ETD Ningbo 18 November.", NO),
    (
        "stage.shipment",
        OUT,
        "Production has started; planned ETD Ningbo 18 December. We will send the B/L scan after loading.",
        NO,
    ),
    ("stage.shipment", OUT, "The order sailed on 6 August, B/L ONEYNGBH8830412, ETA La Spezia 12 September.", YES),
    ("stage.order", IN, "社内稟議にかけておりますので、承認が下り次第、正式に注文書を\nお送りいたします。", NO),
    ("stage.order", OUT, "年内出荷をご希望の場合は、12月4日までに注文書をいただけますと幸いです。", NO),
    ("stage.order", OUT, "Lead time: 30 days after receipt of order.", NO),
    ("stage.quotation", OUT, "お見積書 HT-Q26-1201 を添付いたします。", YES),
    ("stage.quotation", OUT, "Revised offer HT-Q-77 attached, 4% lower on the DN50.", YES),
    ("stage.after-sales", IN, "Subject: Ordine n. 2026/0311\n3 attuatori su 40 non rispondono più al comando.", YES),
    ("pref.price-sensitive", IN, "25A の単価が当社の想定より5%ほど高く、客先に提案しにくい状況です。", YES),
    ("pref.fast-delivery", IN, "Wenn Sie uns da entgegenkommen, können wir kurzfristig bestellen.", NO),
    ("pref.fast-delivery", IN, "收到，谢谢 Lisa！到了我们马上安排测试。", NO),
    ("pref.fast-delivery", IN, "Bitte liefern Sie kurzfristig, die Baustelle beginnt am 1. Dezember.", YES),
    # urgency about the message, a meeting, their RFQ or bank details is no delivery preference (issue 34)
    ("pref.fast-delivery", IN, "Sorry for the rush, the tender package only dropped this morning.", NO),
    ("pref.fast-delivery", IN, "We have an urgent pre-bid meeting with him tomorrow at 8am.", NO),
    ("pref.fast-delivery", IN, "Subject: URGENT - RFQ gate valves\n\nPlease quote 60 gate valves DN80.", NO),
    ("pref.fast-delivery", IN, "Te escribo con urgencia. ¿Habéis cambiado de cuenta bancaria?", NO),
    (
        "pref.fast-delivery",
        IN,
        "Subject: URGENTE - ¿Habéis cambiado de cuenta bancaria?\n\nNo damos de alta la cuenta.",
        NO,
    ),
    ("pref.fast-delivery", IN, "Morgen haben wir eine dringende Besprechung mit dem Bauherrn.", NO),
    ("pref.fast-delivery", IN, "明天上午要紧急开会，请今天回复。", NO),
    ("pref.fast-delivery", IN, "内容確認しました。取り急ぎご連絡まで。", NO),
    ("pref.fast-delivery", IN, "Scusate la fretta, vi scrivo con urgenza per il listino.", NO),
    # a tight schedule for the goods is
    ("pref.fast-delivery", IN, "这次工期比较紧，要求12月底之前货到海防，请先确认能不能做到。", YES),
    ("pref.fast-delivery", IN, "The project schedule is tight, please confirm you can make it.", YES),
    ("pref.fast-delivery", IN, "El calendario de obra es muy ajustado, confirmad si llegáis.", YES),
    ("pref.fast-delivery", IN, "Der Zeitplan ist knapp, bitte bestätigen Sie den Termin.", YES),
    ("pref.fast-delivery", IN, "Сроки очень сжатые, подтвердите, пожалуйста, возможность.", YES),
    ("pref.fast-delivery", IN, "工期が厳しいので、ご確認をお願いします。", YES),
    ("pref.fast-delivery", IN, "공사 일정이 촉박하니 확인 부탁드립니다.", YES),
    (
        "pref.fast-delivery",
        IN,
        "- deklaracja REACH dotycząca substancji SVHC,\n- dostawa na budowę najpóźniej 18.12.2026 – termin wynika z harmonogramu wyłączeń sieci\n  i nie może zostać przesunięty.",
        YES,
    ),
    ("pref.fast-delivery", IN, "Delivery to site by 18 December, the date cannot be postponed.", YES),
    ("pref.fast-delivery", IN, "Die Lieferung zum 18.12. kann nicht verschoben werden.", YES),
    ("risk.payment-delay", IN, "Sorry, we need to delay the payment by two weeks.", YES),
    # Portuguese "no" is "in the", not "not"
    ("risk.payment-delay", IN, "Só conseguimos pagar o saldo da PO no começo do mês que vem.", YES),
    ("risk.payment-delay", IN, "Vamos pagar o saldo no mês que vem, obrigado pela paciência.", YES),
    # the transfer will be late; but a payment held until broken goods are replaced is a complaint
    ("risk.payment-delay", IN, "لذلك سيتأخر التحويل إلى بداية الشهر القادم.", YES),
    ("risk.payment-delay", IN, "The bank transfer will be delayed until the 10th.", YES),
    ("risk.payment-delay", IN, "这批货的尾款我们先缓一缓，等换货的事落实了再一起付。", NO),
    ("risk.payment-delay", IN, "We will hold the balance payment until the damaged valves are replaced.", NO),
    ("risk.payment-delay", OUT, "Kindly note the payment overdue for PI HT-2026.", YES),
    ("risk.payment-delay", IN, "Wir bitten um Zahlungsaufschub.", YES),
    ("risk.payment-delay", IN, "Necesitamos aplazar el pago.", YES),
    ("risk.payment-delay", IN, "由于资金紧张，需要推迟付款。", YES),
    ("risk.payment-delay", IN, "The payment was made on time, payment received by your bank.", NO),
    ("risk.competitor", IN, "Another supplier offered us 10% lower.", YES),
    ("risk.competitor", IN, "The contractor awarded the valve package to another bidder.", YES),
    ("risk.competitor", IN, "En Perú nuestros competidores compran en China.", NO),
    ("risk.competitor", IN, "我们的竞争对手也从中国进口。", NO),
    ("risk.competitor", IN, "Un concorrente ci offre un prezzo migliore.", YES),
    ("risk.competitor", IN, "Другой поставщик предлагает дешевле.", YES),
    ("risk.competitor", IN, "别的供应商报价更低。", YES),
    ("risk.competitor", IN, "We have no other supplier, we want to work only with you.", NO),
    # a rival named by a seller noun with a place or nationality, praised for price, stock or speed
    ("risk.competitor", IN, "A stockist up in Leeds can get them to our yard for less than your CIF.", YES),
    ("risk.competitor", IN, "Un fabricante alemán tiene las válvulas en stock y entrega la semana que viene.", YES),
    ("risk.competitor", IN, "Um distribuidor em Curitiba tem tudo em estoque, pronta entrega.", YES),
    ("risk.competitor", IN, "Un négociant à Lyon les a en stock et livre demain.", YES),
    ("risk.competitor", IN, "Ein Händler hier im Ruhrgebiet hat sie ab Lager, in 5 Tagen bei uns.", YES),
    ("risk.competitor", IN, "Un produttore tedesco le ha a magazzino, consegna in 10 giorni.", YES),
    ("risk.competitor", IN, "Lokalny dystrybutor ma je na magazynie, od ręki.", YES),
    ("risk.competitor", IN, "Yerel distribütörler aynı vanaları stoktan veriyor.", YES),
    ("risk.competitor", IN, "Een groothandel in Rotterdam heeft ze op voorraad, levering volgende week.", YES),
    ("risk.competitor", IN, "У местного дилера эти краны есть в наличии.", YES),
    ("risk.competitor", IN, "موزع محلي لديه الصمامات في المخزون ويسلم خلال أسبوع", YES),
    ("risk.competitor", IN, "本地经销商有现货，下周就能发。", YES),
    ("risk.competitor", IN, "地元の商社に在庫があり、明日出荷できるそうです。", YES),
    ("risk.competitor", IN, "현지 대리점에 재고가 있어서 내일 받을 수 있습니다.", YES),
    # competition named, a tender ranking, a lost bid, an award to a rival
    ("risk.competitor", IN, "On this one we compete with a Korean maker, so please sharpen your pencil.", YES),
    ("risk.competitor", IN, "Auf dieses Projekt bietet auch ein italienischer Lieferant mit.", YES),
    ("risk.competitor", IN, "Your offer ranked second; the gap to the winning bid is 3%.", YES),
    ("risk.competitor", IN, "Su oferta quedó en segundo lugar en la licitación.", YES),
    ("risk.competitor", IN, "Ваше предложение на втором месте по цене.", YES),
    ("risk.competitor", IN, "报价排名第二，和第一名差3%。", YES),
    ("risk.competitor", IN, "We lost the last tender by 4%, so this time the price must be right.", YES),
    ("risk.competitor", IN, "上次丢标了，这次价格一定要有竞争力。", YES),
    ("risk.competitor", IN, "Il cliente ha aggiudicato la fornitura a un produttore locale.", YES),
    ("risk.competitor", IN, "Заказ отдали местному заводу, извините.", YES),
    # the writer's own company, our factory, a rival only as a size reference, the market price: no competitor
    ("risk.competitor", IN, "We are a distributor in Chile and need your best price for 200 ball valves.", NO),
    ("risk.competitor", IN, "Somos un distribuidor en Perú; necesitamos su mejor precio.", NO),
    ("risk.competitor", IN, "Wir sind ein Händler in Bayern und brauchen Ihren Preis für 50 Ventile.", NO),
    ("risk.competitor", IN, "Can your factory ship next week? Please confirm the price.", NO),
    ("risk.competitor", IN, "Please keep the face-to-face length the same as the Italian manufacturer's valves.", NO),
    ("risk.competitor", IN, "Your price is where we see the market.", NO),
    ("risk.competitor", IN, "Our previous supplier's valves leaked after a year.", NO),
    ("risk.competitor", IN, "当社は国内メーカーの代理店です。見積をお願いします。", NO),
    ("risk.competitor", IN, "Мы являемся дистрибьютором в Екатеринбурге, просим цену на задвижки.", NO),
    # a rival named by its country, informally or with an article (issue 34)
    ("risk.competitor", IN, "El precio turco que tenemos encima de la mesa es de 2,10 €/kg.", YES),
    ("risk.competitor", IN, "The Turkish price on the table is 2.10 EUR/kg.", YES),
    ("risk.competitor", IN, "Le prix turc est à 2,10 €/kg.", YES),
    (
        "risk.competitor",
        IN,
        "De lokale jongens hier kunnen vergelijkbare kleppen binnen een week uit voorraad leveren.",
        YES,
    ),
    ("risk.competitor", IN, "The local guys here can deliver similar valves from stock next week.", YES),
    (
        "risk.competitor",
        IN,
        "台湾のメーカーさんからいただいているお見積りが、御社より1割ほど安い金額となっております。",
        YES,
    ),
    ("risk.competitor", IN, "Vanaların siparişi yerli bir üreticiye verildi.", YES),
    ("risk.competitor", IN, "Турецкая цена у нас на столе ниже вашей на 12%.", YES),
    # their silence threat in an unanswered inquiry, another maker's valves their customer complained about
    (
        "risk.competitor",
        IN,
        "Si no recibimos su cotización lo presentamos con los otros proveedores que ya nos cotizaron.",
        NO,
    ),
    (
        "risk.competitor",
        IN,
        "If we don't receive your quotation by Friday we go with the other suppliers who quoted.",
        NO,
    ),
    (
        "risk.competitor",
        IN,
        "Unser Kunde hat die Kugelhähne eines anderen Herstellers beanstandet (undicht nach wenigen Monaten).",
        NO,
    ),
    ("risk.competitor", IN, "Il prezzo è quello di listino.", NO),
    ("risk.competitor", IN, "本地一家厂报的价格比你们低了差不多8%。", YES),
    ("pref.price-sensitive", IN, "An Italian maker is also bidding, so we need a very sharp price.", YES),
    ("pref.price-sensitive", IN, "También oferta un fabricante italiano: necesitamos un precio muy ajustado.", YES),
    ("pref.price-sensitive", IN, "이번에는 가격을 꼭 맞춰 주셔야 합니다.", YES),
    ("pref.price-sensitive", IN, "A stockholder in Leeds lands them for less than your FOB.", YES),
    ("pref.price-sensitive", IN, "Ein Schmiedewerk hier liefert in 12 Tagen, etwa zum gleichen Preis.", NO),
    ("pref.price-sensitive", IN, "国内メーカーの代理店に在庫があります。価格は御社とほとんど変わりません。", NO),
    # a gap said without a price word (issue 34)
    ("pref.price-sensitive", IN, "Están por encima de lo que pagamos en el SR-2219. Si nos hacen un 5% cerramos.", YES),
    ("pref.price-sensitive", IN, "Però i prezzi sono fuori mercato: dovremmo stare almeno un 12% sotto.", YES),
    ("pref.price-sensitive", IN, "Nous sommes environ 15 % au-dessus de l'enveloppe que notre client a prévue.", YES),
    ("pref.price-sensitive", IN, "2,32 sigue por encima de lo que tenemos.", YES),
    ("pref.price-sensitive", IN, "5,05 è ancora sopra, ne parlo col titolare.", YES),
    ("pref.price-sensitive", IN, "That is still above what we paid last year.", YES),
    ("pref.price-sensitive", IN, "Das liegt immer noch über unserem Budget.", YES),
    ("pref.price-sensitive", IN, "Цена по-прежнему выше, чем мы платили.", YES),
    ("pref.price-sensitive", IN, "这次报价比上次贵了不少。", YES),
    ("pref.price-sensitive", IN, "昨年より高いです。まだ台湾さんとの差が500円ほど残っております。", YES),
    ("pref.price-sensitive", IN, "가격이 작년 단가보다 9% 정도 올랐네요.", YES),
    # "nach wenigen Monaten" (after a few months) is no "weniger" (less)
    ("pref.price-sensitive", IN, "Ein anderer Hersteller: die Spindel war nach wenigen Monaten undicht.", NO),
    ("pref.price-sensitive", IN, "The temperature stays above 40 degrees at the site.", NO),
    ("pref.price-sensitive", IN, "The lead time is still above 6 weeks, can you do better?", NO),
    ("pref.price-sensitive", IN, "Die Lieferzeit liegt immer noch über 8 Wochen.", NO),
    ("pref.price-sensitive", IN, "El plazo sigue por encima de las 8 semanas.", NO),
    ("pref.price-sensitive", IN, "If you can do 500 pieces by March, please confirm.", NO),
    ("pref.price-sensitive", IN, "Price and terms as per your quotation below.", NO),
    ("pref.price-sensitive", IN, "Cena i warunki jak poniżej.", NO),
    ("pref.price-sensitive", IN, "Vos prix de l'an dernier étaient déjà au-dessus de ce que le marché accepte.", YES),
    ("pref.price-sensitive", IN, "御社価格は弊社の販売価格帯を上回っております。", YES),
    ("pref.price-sensitive", IN, "Your prices are above what the market here pays.", YES),
    # certificates: what they hold themselves, do not need, already have or send us is no request
    ("pref.certification", IN, "We are ISO 9001 certified and have supplied utilities since 1995.", NO),
    ("pref.certification", IN, "당사는 KS 및 ISO 9001 인증을 보유한 유통업체입니다.", NO),
    ("pref.certification", IN, "本公司已通过ISO 9001认证。请报价。", NO),
    ("pref.certification", IN, "Wir sind nach DIN EN ISO 9001 zertifiziert.", NO),
    ("pref.certification", IN, "Somos una empresa certificada ISO 9001.", NO),
    ("pref.certification", IN, "Наша компания сертифицирована по ISO 9001.", NO),
    ("pref.certification", IN, "شركتنا حاصلة على شهادة ISO 9001.", NO),
    ("pref.certification", IN, "当社はISO 9001認証を取得しております。", NO),
    ("pref.certification", IN, "Firmamız ISO 9001 belgesine sahiptir.", NO),
    ("pref.certification", IN, "CE marking is not required, the valves stay in Korea.", NO),
    ("pref.certification", IN, "CE 마킹은 필요 없습니다. 국내 판매용입니다.", NO),
    ("pref.certification", IN, "El marcado CE no es necesario para este proyecto.", NO),
    ("pref.certification", IN, "Маркировка CE не требуется.", NO),
    ("pref.certification", IN, "The 3.1 certificates came with the goods, thanks.", NO),
    ("pref.certification", IN, "Die 3.1-Zeugnisse lagen bei, die Lieferpapiere waren vollständig.", NO),
    ("pref.certification", IN, "Les déclarations CE jointes ont bien été reçues par notre service qualité.", NO),
    ("pref.certification", IN, "grazie per l'offerta, i certificati CE li abbiamo ricevuti, tutto ok.", NO),
    ("pref.certification", IN, "CE certificates received, thank you.", NO),
    ("pref.certification", IN, "证书已收到，谢谢。", NO),
    ("pref.certification", IN, "밀시트 잘 받았습니다.", NO),
    ("pref.certification", IN, "Vous trouverez ci-joint notre certificat ISO 9001 et notre charte qualité.", NO),
    ("pref.certification", IN, "Please find attached our ISO 9001 certificate and the supplier form.", NO),
    ("pref.certification", IN, "In allegato il nostro certificato ISO 9001.", NO),
    # a test report asked with an inspection is part of the inspection (quality-focus)
    ("pref.certification", IN, "We want a pre-shipment inspection by SGS and the test reports with the shipment.", NO),
    ("pref.certification", IN, "另外业主这次要求每批货提供第三方检测报告（SGS），请一起考虑进去。", NO),
    # RoHS compliance of the material is green-product; a RoHS declaration asked for is a certificate
    ("pref.certification", IN, "铜材必须无铅，要符合 RoHS。", NO),
    ("pref.certification", IN, "The brass must be lead-free and RoHS compliant.", NO),
    ("pref.certification", IN, "Please send the RoHS test report for the brass.", YES),
    ("pref.certification", IN, "Necesitamos la declaración REACH y los certificados 3.1.", YES),
    ("pref.certification", IN, "请随货提供材质证书和压力测试报告。", YES),
    ("pref.certification", IN, "Please send the pressure test reports for each valve.", YES),
    ("pref.certification", IN, "We are a distributor in Chile and need CE certificates for all valves.", YES),
    ("pref.certification", IN, "Are you ISO 9001 certified?", YES),
    ("pref.certification", IN, "ISO 9001 인증서와 밀시트를 보내주세요.", YES),
    ("pref.certification", IN, "Wir benötigen Abnahmeprüfzeugnisse 3.1 nach EN 10204.", YES),
    ("pref.certification", IN, "We're an ISO 9001:2015 certified company based in Leeds.", NO),
    ("pref.certification", IN, "Wir sind ISO 9001 zertifiziert.", NO),
    ("pref.certification", IN, "We have received your offer and need EN 10204 3.1 certificates for all bodies.", YES),
    ("pref.certification", IN, "Nous avons reçu votre offre et avons besoin des certificats 3.1.", YES),
    # quality: what a test they ran found is a result (a complaint, samples approved), not a requirement
    (
        "pref.quality-focus",
        IN,
        "Leider hat unsere Wareneingangsprüfung etwas gefunden: bei der Druckprüfung mit 1,1 x PN waren 14 "
        "von 200 Stück an der Spindel undicht. Fotos und unser Prüfprotokoll hängen an.",
        NO,
    ),
    ("pref.quality-focus", IN, "Die Muster sind durch die Druckprüfung gegangen, alles einwandfrei.", NO),
    ("pref.quality-focus", IN, "Our incoming inspection found that 12 valves were leaking at the stem.", NO),
    ("pref.quality-focus", IN, "The samples passed our pressure test and inspection.", NO),
    ("pref.quality-focus", IN, "Nuestra inspección de recepción encontró 10 válvulas con fugas.", NO),
    ("pref.quality-focus", IN, "验货发现有10台阀门漏水。", NO),
    ("pref.quality-focus", IN, "Le contrôle dimensionnel a révélé 8 brides hors tolérance.", NO),
    ("pref.quality-focus", IN, "Инспекция выявила 5 кранов с течью.", NO),
    ("pref.quality-focus", IN, "We require a 100% leak test witnessed by TÜV before shipment.", YES),
    ("pref.quality-focus", IN, "Wir verlangen eine Druckprüfung an allen Armaturen und eine Abnahme durch TÜV.", YES),
    # "green" or "eco" in a company name is who they are
    ("pref.eco-friendly", IN, "南通汇澜环保工程有限公司是我们的名字，请报价。", NO),
    ("pref.eco-friendly", IN, "Green Flow Trading Ltd is our company name.", NO),
    ("pref.eco-friendly", IN, "The brass must be lead-free and RoHS compliant.", YES),
    ("pref.eco-friendly", IN, "铜材必须无铅，要符合 RoHS。", YES),
    # -- issue 34 (tcomp): whose goods, which time, the thread's old subject --------------------------
    # a reply's subject repeats what the thread was about (a settled credit note); a new subject is their own words
    ("risk.complaint", IN, "Subject: RE: Nota de crédito NC-26-031 / pedido SR-2219\nNecesitamos reponer stock.", NO),
    ("risk.complaint", IN, "Subject: AW: Reklamation Bestellung 4711\nBitte senden Sie uns das neue Angebot.", NO),
    ("risk.complaint", IN, "Subject: 回复：货物损坏索赔\n请报价新的一批球阀。", NO),
    ("risk.complaint", IN, "Subject: Reklamation Bestellung 4711\nFotos anbei.", YES),
    ("risk.complaint", IN, "Subject: Damaged flanges - PO 4471\nPlease see the photos attached.", YES),
    ("risk.complaint", IN, "Subject: RE: PO 4471\nThe flanges arrived damaged, photos attached.", YES),
    # someone else's goods: a former supplier named by its origin, a year written "2022 r." / "2022 г."
    (
        "risk.complaint",
        IN,
        "Nous travaillions avec un fabricant italien, mais deux séries sont arrivées avec des porosités.",
        NO,
    ),
    (
        "risk.complaint",
        IN,
        "Kupowaliśmy u dostawcy z Indii, ale zrezygnowaliśmy w 2022 r. z powodu nieszczelności.",
        NO,
    ),
    ("risk.complaint", IN, "Раньше брали у китайского производителя, но в 2021 г. отказались: брак и течь.", NO),
    ("risk.complaint", IN, "We used a Turkish manufacturer before; their valves were defective.", NO),
    ("risk.complaint", IN, "W dostawie z 2026 r. trzy zawory są nieszczelne.", YES),
    # a delay of replies (holidays) or a deadline is no late delivery
    ("risk.complaint", IN, "Entramos em férias coletivas, então as respostas vão demorar um pouco.", NO),
    ("risk.complaint", IN, "Por vacaciones las respuestas pueden tener retraso.", NO),
    ("risk.complaint", IN, "I need your pricing by Thursday noon at the very latest.", NO),
    ("risk.complaint", IN, "Die Ware muss spätestens am 10. Dezember da sein, nicht verspätet.", NO),
    ("risk.complaint", IN, "The shipment is three weeks delayed and our fitters stand idle.", YES),
    # a replacement project is new goods for a job, not goods sent back
    ("risk.complaint", IN, "We are pricing the watermain replacement for the town and need numbers from you.", NO),
    ("risk.complaint", IN, "Cotizamos un proyecto de sustitución de tuberías para el municipio.", NO),
    ("risk.complaint", IN, "Please arrange a replacement for the 12 cracked valves.", YES),
    # the courier that takes the goods back is no claim against the courier
    ("risk.complaint", IN, "Le mandiamo indietro con il nostro corriere, fateci nota di credito o sostituzione.", YES),
    ("risk.complaint", IN, "We send them back by courier, please issue a credit note.", YES),
    ("risk.complaint", IN, "Two cartons were damaged by the courier; we claimed with the courier.", NO),
    ("risk.complaint", IN, "Die Spedition hat zwei Kisten beschädigt, wir haben bei der Spedition reklamiert.", NO),
    # "48 pcs short", sizes mixed in the cartons
    ("risk.complaint", IN, "After sorting we count 432 pcs, so we are 48 pcs short.", YES),
    ("risk.complaint", IN, "The two sizes were mixed in the same cartons, unmarked.", YES),
    # after delivery under the shipping advice thread: a defect is after-sales; an ETA question is not
    (
        "stage.after-sales",
        IN,
        "Subject: R: Avviso di spedizione - Ordine 2026/447\nIl cliente ci ha reso 25 valvole: il filetto è "
        "sbagliato. Le mandiamo indietro con il nostro corriere, fateci nota di credito.",
        YES,
    ),
    ("stage.after-sales", IN, "Subject: RE: Shipping Advice - PO UF-26-118\nWe are 48 pcs short.", YES),
    ("stage.after-sales", IN, "Subject: RE: Shipping Advice - PO UF-26-118\nWhat is the new ETA of the vessel?", NO),
    (
        "stage.after-sales",
        IN,
        "Nous travaillions avec un fabricant italien, mais les vannes sont arrivées poreuses.",
        NO,
    ),
    # paid when they are paid: the rest waits for their own customer's money
    ("risk.payment-delay", IN, "这周先付一半（水单附上），剩下的等业主回款以后再付。", YES),
    ("risk.payment-delay", IN, "We pay half now and the rest when our customer pays us.", YES),
    ("risk.payment-delay", IN, "Pagamos la mitad ahora y el resto cuando nuestro cliente nos pague.", YES),
    ("risk.payment-delay", IN, "Die zweite Hälfte zahlen wir, sobald unser Kunde zahlt.", YES),
    ("risk.payment-delay", IN, "Our customer pays us in advance, so we can pay the balance today.", NO),
    ("risk.payment-delay", IN, "客户回款很及时，尾款今天已付。", NO),
    # churn said in words: the supplier list under review, no more orders this year
    ("churn.said", IN, "Руководство поручило пересмотреть список поставщиков на 2027 год.", YES),
    ("churn.said", IN, "W tym roku już nic nie zamówimy, centrala robi przegląd bazy dostawców.", YES),
    ("churn.said", IN, "Our new owner will review our supplier list in January.", YES),
    ("churn.said", IN, "La dirección quiere reducir el número de proveedores.", YES),
    ("churn.said", IN, "新老板要重新评估供应商，今年不再下单。", YES),
    ("churn.said", IN, "Will you review your supplier list for us?", NO),
    ("churn.said", IN, "We reviewed our suppliers last year and you came out first.", NO),
    ("churn.said", OUT, "We will review our supplier list for castings.", NO),
    ("churn.said", IN, "We will order more this year than last.", NO),
    # Portuguese and Spanish "ETA" is also a water treatment plant
    ("stage.shipment", IN, "A obra parou porque o licenciamento ambiental da ETA ainda não saiu.", NO),
    ("stage.shipment", IN, "A ETA do navio em Santos é 12/12.", YES),
    # -- issue 34 round 2: "instead of" only about the goods; a bad experience once; Korean 하자 of an L/C ---------
    ("risk.complaint", IN, "You sent us DN65 valves instead of DN80, all 40 pieces.", YES),
    ("risk.complaint", IN, "Nos llegaron válvulas de latón en lugar de las de acero inoxidable.", YES),
    ("risk.complaint", IN, "Wir haben Kugelhähne PN16 statt PN40 erhalten.", YES),
    ("risk.complaint", IN, "Vanalar 304 yerine 316 olarak gelmesi gerekiyordu, malzeme yanlış.", YES),
    ("risk.complaint", IN, "Burak Bey'in yerine dosyayı ben takip ediyorum, teklifiniz değerlendiriliyor.", NO),
    ("risk.complaint", IN, "I am writing instead of Mr. Jansen, who has left the company.", NO),
    ("risk.complaint", IN, "결제는 견적서의 T/T 조건 대신 L/C at sight로 개설하겠습니다.", NO),
    ("risk.complaint", IN, "Le paiement se fera par L/C au lieu du T/T proposé.", NO),
    ("risk.complaint", IN, "Мы оплатим аккредитивом вместо T/T.", NO),
    (
        "risk.complaint",
        IN,
        "Пришлите 2 образца (у нас был неприятный опыт с китайскими задвижками, текли по сальнику).",
        NO,
    ),
    ("risk.complaint", IN, "Please send two samples; we had a bad experience years ago, the valves leaked.", NO),
    ("risk.complaint", IN, "Wir hatten schlechte Erfahrungen, die Ventile waren undicht; bitte Muster senden.", NO),
    ("risk.complaint", IN, "The valves you delivered are leaking at the gland.", YES),
    ("risk.complaint", IN, "그런데 개설은행에서 하자 통보가 왔습니다. 하자 수리를 하려면 결재가 필요합니다.", NO),
    ("risk.complaint", IN, "입고 검사에서 제품에 하자가 발견되었습니다. 20개가 불량입니다.", YES),
    ("risk.payment-delay", IN, "그런데 개설은행에서 하자 통보가 왔습니다.", YES),
    (
        "risk.payment-delay",
        IN,
        "The issuing bank reports a discrepancy: the B/L date is after the latest shipment date.",
        YES,
    ),
    ("risk.payment-delay", IN, "입고 검사에서 제품에 하자가 발견되었습니다.", NO),
    ("stage.after-sales", IN, "Subject: RE: PO 4471\nWe received DN65 valves instead of DN80.", YES),
    ("stage.after-sales", IN, "Subject: PO CMV-2610-033\n결제는 T/T 조건 대신 L/C at sight로 개설하겠습니다.", NO),
    # a claim with their insurer "apart, nothing to do with you" no longer hides a complaint in another paragraph
    (
        "risk.complaint",
        IN,
        "Three crates of flanges arrived rusty, the anti-rust oil was missing. Please issue a credit note.\n\n"
        "Crate 2 was wet because the container leaked; that is another matter, we filed the claim with our insurer.",
        YES,
    ),
    (
        "risk.complaint",
        IN,
        "في 3 صناديق من أصل 9 الفلانشات عليها صدأ سطحي واضح. نطلب إشعار دائن.\n\n"
        "صندوق رقم 2 وصل مبللاً، وهذا موضوع آخر، قدمنا فيه مطالبة لشركة التأمين ولا علاقة لكم به.",
        YES,
    ),
    (
        "risk.complaint",
        IN,
        "受入検査でフランジの座面に錆が発生しておりました。該当品は返品させていただきたく存じます。\n\n"
        "外装段ボールの潰れにつきましては運送会社の保険で処理済みですので、御社へのご請求ではございません。",
        YES,
    ),
    (
        "risk.complaint",
        IN,
        "Two pallets were damaged at unloading. That is nothing to do with you, we filed the claim with our insurer.",
        NO,
    ),
    (
        "risk.complaint",
        IN,
        "Zwei Kisten wurden beim Entladen beschädigt; das ist eine andere Sache, wir haben es der Versicherung gemeldet.",
        NO,
    ),
    (
        "stage.after-sales",
        IN,
        "Subject: RE: PO SHJ-2611\nThree crates arrived rusty.\n\nCrate 2 got wet at the port; another matter, "
        "our insurer handles it.",
        YES,
    ),
    # a count against the papers; the remedy asked after arrival; penalties; a handle that snaps
    ("risk.complaint", IN, "Bij het uitpakken kwamen we op 18 colli uit, op de paklijst staan er 20.", YES),
    ("risk.complaint", IN, "We counted 18 cartons on arrival, the packing list says 20.", YES),
    ("risk.complaint", IN, "Al descargar contamos 45 cajas; la lista de empaque dice 48.", YES),
    ("risk.complaint", IN, "Wir haben 18 Kartons gezählt, laut Packliste sollten es 20 sein.", YES),
    ("risk.complaint", IN, "При пересчете 18 мест, по упаковочному листу 20.", YES),
    ("risk.complaint", IN, "装箱单上是20箱，我们清点只有18箱。", YES),
    ("risk.complaint", IN, "We counted 20 cartons, all correct as per the packing list.", NO),
    ("risk.complaint", IN, "Wir haben alles gezählt, die Packliste stimmt.", NO),
    ("risk.complaint", IN, "装箱单和清点数量一致，没有问题。", NO),
    ("risk.complaint", IN, "Llegaron 20 cajas, tal como pedimos; contamos todas al descargar.", NO),
    ("risk.complaint", IN, "We counted 48 cartons, as ordered.", NO),
    ("risk.complaint", IN, "Wir haben 48 Kartons gezählt, wie bestellt.", NO),
    ("risk.complaint", IN, "Les poignées cassent net au premier quart de tour sur une trentaine de vannes.", YES),
    ("risk.complaint", IN, "Если кранов не будет, будем вынуждены применить неустойку по договору.", YES),
    ("risk.complaint", IN, "Unser Installateur hat uns deswegen eine Pönale verrechnet.", YES),
    ("risk.complaint", IN, "交货延误，业主要按合同收违约金。", YES),
    ("stage.after-sales", IN, "Ya tenemos el material en nuestro almacén. Queremos regresar todo el lote.", YES),
    (
        "stage.after-sales",
        IN,
        "Die Ware ist am 2. November eingetroffen. Bitte stellen Sie uns eine Gutschrift von 4 % aus.",
        YES,
    ),
    (
        "stage.after-sales",
        IN,
        "Subject: RE: Verzendbericht order 26-3318\nBij het uitpakken kwamen we op 18 colli uit, "
        "op de paklijst staan er 20.",
        YES,
    ),
    ("stage.after-sales", IN, "Subject: Commande CF-26-2214\nLes poignées cassent net au premier quart de tour.", YES),
    ("stage.after-sales", IN, "Should any pieces be damaged when delivered, would you replace them?", NO),
    ("stage.after-sales", IN, "Upon arrival all 20 cartons matched the packing list.", NO),
    # a rival named by its origin or as the incumbent, its bid below ours, the lot closed with it
    ("risk.competitor", IN, "Индийский завод, с которым мы сейчас работаем, даёт на эти позиции на 12% ниже.", YES),
    (
        "risk.competitor",
        IN,
        "A construtora fechou o lote 1 com um fabricante nacional. A proposta deles ficou uns 7% abaixo da nossa.",
        YES,
    ),
    ("risk.competitor", IN, "The contractor closed lot 1 with a local manufacturer; their bid was 7% below ours.", YES),
    (
        "risk.competitor",
        IN,
        "La constructora cerró con un fabricante nacional, su oferta quedó por debajo de la nuestra.",
        YES,
    ),
    (
        "risk.competitor",
        IN,
        "Der Bauherr hat mit einem anderen Hersteller abgeschlossen, 5 % unter unserem Angebot.",
        YES,
    ),
    ("risk.competitor", IN, "总包已经签给一家本地厂家，价格比我们低7%。", YES),
    ("risk.competitor", IN, "Мы российский производитель арматуры и ищем поставщика отливок.", NO),
    ("risk.competitor", IN, "Our total is 7% below the budget, so the project can go ahead.", NO),
    ("risk.competitor", IN, "Fechamos o pedido com vocês, a proposta ficou dentro do orçamento.", NO),
    ("risk.complaint", IN, "DN80の代わりにDN65のバルブが届きました。", YES),
    ("risk.complaint", IN, "担当の田中の代わりに私がご連絡いたします。製品の件です。", NO),
    ("risk.complaint", IN, "DN80 대신 다른 모델의 밸브가 도착했습니다.", YES),
    ("risk.complaint", IN, "我们订的是DN80，却发来DN65的阀门。", YES),
    ("risk.complaint", IN, "我们关注的是质量而不是价格，产品要耐用。", NO),
    ("risk.complaint", IN, "For these valves we look at quality instead of price.", NO),
    ("risk.complaint", IN, "이번 제품은 가격 대신 품질을 보고 결정하겠습니다.", NO),
    # t3flags: a buyer in insolvency proceedings: our balance waits for the court (payment risk), no orders (churn)
    ("risk.payment-delay", IN, "Le tribunal de commerce a ouvert une procédure de sauvegarde pour notre société.", YES),
    ("risk.payment-delay", IN, "We regret to inform you that the company has entered administration.", YES),
    ("risk.payment-delay", IN, "Über unser Vermögen wurde das Insolvenzverfahren in Eigenverwaltung eröffnet.", YES),
    ("risk.payment-delay", IN, "La empresa ha solicitado el concurso de acreedores la semana pasada.", YES),
    ("risk.payment-delay", IN, "A empresa entrou com pedido de recuperação judicial.", YES),
    ("risk.payment-delay", IN, "Il tribunale ha ammesso la società al concordato preventivo.", YES),
    ("risk.payment-delay", IN, "Sąd otworzył wobec naszej spółki postępowanie sanacyjne.", YES),
    ("risk.payment-delay", IN, "Şirketimiz için mahkeme geçici mühlet kararı verdi.", YES),
    ("risk.payment-delay", IN, "De rechtbank heeft ons surseance van betaling verleend.", YES),
    ("risk.payment-delay", IN, "Арбитражный суд ввел в отношении компании процедуру наблюдения.", YES),
    ("risk.payment-delay", IN, "قررت المحكمة افتتاح إجراءات الصلح الواقي من الإفلاس لشركتنا.", YES),
    ("risk.payment-delay", IN, "公司已进入破产重整程序，所有债务暂停支付。", YES),
    ("risk.payment-delay", IN, "弊社は本日、民事再生手続開始の申立てを行いました。", YES),
    ("risk.payment-delay", IN, "당사는 법원에 회생절차 개시를 신청했습니다.", YES),
    ("risk.payment-delay", IN, "En cas de redressement judiciaire, le contrat prévoit une réserve de propriété.", NO),
    ("risk.payment-delay", IN, "¿Su empresa está asegurada en caso de quiebra de un cliente?", NO),
    ("risk.payment-delay", IN, "Il prezzo concordato resta valido per tutto l'anno.", NO),
    ("risk.payment-delay", IN, "Nuestra empresa no está en concurso de acreedores, pagamos puntualmente.", NO),
    ("risk.payment-delay", OUT, "Si votre société entre en redressement judiciaire, notre créance est assurée.", NO),
    ("churn.said", IN, "Pendant la période d'observation nous ne passerons aucune commande.", YES),
    ("churn.said", IN, "We have filed for Chapter 11 and all purchasing is on hold.", YES),
    ("churn.said", IN, "Wir haben Insolvenz angemeldet.", YES),
    ("churn.said", IN, "Мы подали заявление о банкротстве.", YES),
    ("churn.said", IN, "我们公司已申请破产保护。", YES),
    # t3flags: a complaint they close (their fitter's fault, the matter settled) is no complaint any more
    (
        "risk.complaint",
        IN,
        "De monteur had de wartel te hard aangedraaid en de pakking geplet. Geen fout van jullie kant dus.",
        NO,
    ),
    ("risk.complaint", IN, "Our fitter overtightened the union and crushed the gasket. No fault on your side.", NO),
    (
        "risk.complaint",
        IN,
        "Der Monteur hat die Verschraubung zu fest angezogen, die Dichtung ist beschädigt. Montagefehler.",
        NO,
    ),
    ("risk.complaint", IN, "安装工拧得太紧，把密封圈压坏了。不是你们的错。", NO),
    ("risk.complaint", IN, "Three gaskets arrived crushed in the cartons.", YES),
    ("risk.complaint", IN, "De pakking was bij aankomst al geplet, de doos was ingedeukt.", YES),
    ("risk.complaint-closed", IN, "Geen fout van jullie kant dus, dossier gesloten.", YES),
    ("risk.complaint-closed", IN, "Thanks for the quick replacement, the issue is resolved and the case closed.", YES),
    ("risk.complaint-closed", IN, "La sustitución llegó bien, problema resuelto.", YES),
    (
        "risk.complaint-closed",
        IN,
        "Nach Prüfung war es ein Montagefehler, nicht Ihr Fehler. Vorgang abgeschlossen.",
        YES,
    ),
    ("risk.complaint-closed", IN, "Il problema è risolto, pratica chiusa.", YES),
    ("risk.complaint-closed", IN, "Проблема решена, претензию снимаем.", YES),
    ("risk.complaint-closed", IN, "问题已解决，谢谢。", YES),
    ("risk.complaint-closed", IN, "本件は解決しました。ありがとうございました。", YES),
    ("risk.complaint-closed", IN, "교체품으로 문제가 해결되었습니다.", YES),
    ("risk.complaint-closed", IN, "The problem is not solved, the valves still leak.", NO),
    ("risk.complaint-closed", IN, "Is the problem solved on your side?", NO),
    ("risk.complaint-closed", IN, "Le problème n'est pas résolu, nous attendons vos pièces.", NO),
    ("risk.complaint-closed", OUT, "We hope the problem is solved now.", NO),
    # t3flags: the certificates did not come with the goods, or the goods are refused: a complaint
    ("risk.complaint", IN, "Nei colli non c'erano i certificati 3.1 EN 10204 delle flange.", YES),
    (
        "risk.complaint",
        IN,
        "The mill certificates were not in the shipment, neither in the cartons nor the pouch.",
        YES,
    ),
    ("risk.complaint", IN, "Die Abnahmeprüfzeugnisse 3.1 fehlten in der Lieferung.", YES),
    ("risk.complaint", IN, "Los certificados 3.1 no venían con la mercancía.", YES),
    ("risk.complaint", IN, "Сертификатов 3.1 в коробках не было.", YES),
    ("risk.complaint", IN, "货物里缺少3.1材质证书。", YES),
    ("risk.complaint", IN, "ミルシートが同梱されていませんでした。", YES),
    ("risk.complaint", IN, "Il nostro cliente finale non accetta la merce senza i certificati.", YES),
    ("risk.complaint", IN, "Nasz klient odmówił przyjęcia towaru.", YES),
    ("risk.complaint", IN, "Müşterimiz malı kabul etmiyor.", YES),
    ("risk.complaint", IN, "Please send the 3.1 certificates with the shipment.", NO),
    ("risk.complaint", IN, "Are the certificates missing from the documents pack?", NO),
    ("risk.complaint", IN, "Siamo certificati ISO 9001, il certificato non c'era nel vostro fascicolo: lo allego.", NO),
    ("risk.complaint", IN, "Se i certificati 3.1 non ci fossero, il cliente non accetta la merce.", NO),
    ("risk.complaint", IN, "Sollten die Zeugnisse fehlen, nimmt der Kunde die Ware nicht an.", NO),
    ("risk.complaint", IN, "Los certificados 3.1 venían con la mercancía, todo correcto.", NO),
    ("risk.complaint", IN, "If the certificates are missing, our customer will not accept the goods.", NO),
    ("stage.after-sales", IN, "Subject: RE: PO 4471\nThe 3.1 certificates were not in the shipment.", YES),
    ("stage.after-sales", IN, "Subject: R: Ordine 26/118\nIl cliente non accetta la merce senza i certificati.", YES),
    ("stage.after-sales", IN, "Subject: RE: PO 4471\nPlease include the 3.1 certificates in the shipment.", NO),
    ("churn.said", IN, "What happens to our order if your factory goes bankrupt?", NO),
    ("churn.said", IN, "Il fallimento del nostro concorrente ci porta nuovi clienti? No, solo voci.", NO),
]

AUTO_REPLY_CASES = [
    # (headers, subject, body, should match)
    ({"auto-submitted": "auto-replied"}, "Re: Quotation", "I am away.", YES),
    ({}, "Out of Office: Re: Quotation", "I will be back on 12 March.", YES),
    ({}, "Abwesenheitsnotiz", "Ich bin bis zum 12.03.2026 nicht im Büro.", YES),
    ({}, "自动回复：报价", "我正在休假，3月12日返回。", YES),
    ({}, "RE: Quotation", "Estou em férias até 23/11, com acesso restrito ao e-mail. Assuntos urgentes: compras.", YES),
    ({}, "RE: Quotation", "Я нахожусь в ежегодном отпуске до 5 ноября. По срочным вопросам обращайтесь к Ирине.", YES),
    ({}, "RE: Quotation", "أنا حالياً في إجازة سنوية حتى 22 نوفمبر، للأمور العاجلة يرجى التواصل مع خالد.", YES),
    ({}, "Re: Quotation", "Thanks, we will check your offer.", NO),
    ({}, "RE: Quotation", "Teşekkürler Lisa Hanım, teklifi aldım. Müdürümüzle değerlendirip size döneceğim.", NO),
    ({}, "RE: Quotation", "お見積ありがとうございます。社内で確認のうえ、改めてご連絡いたします。", NO),
    ({}, "RE: Quotation", "Perfecto, gracias Lisa. Quedo a la espera.", NO),
    ({}, "RE: Quotation", "Thanks Lisa, we have received your quotation, will revert as soon as possible.", NO),
    ({"auto-submitted": "no"}, "Re: Quotation", "Thanks.", NO),
]


def split(text: str) -> tuple[str, str]:
    if text.startswith("Subject:"):
        subject, _, body = text.partition("\n")
        return subject.removeprefix("Subject:").strip(), body
    return "", text


ORDERED = CustomerFacts(1, order_count=2, stage="shipment")


@pytest.mark.parametrize(
    "rule,direction,text,expected", MESSAGE_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(MESSAGE_CASES)]
)
def test_message_rule(rule, direction, text, expected):
    subject, body = split(text)
    customer = ORDERED if rule == "stage.after-sales" else None
    position = 1 if rule == "stage.new-inquiry" else 2  # that rule reads only a thread's first message
    found = evaluate_message(
        RULESET, rule, subject=subject, body=body, direction=direction, customer=customer, thread_position=position
    )
    assert (found is not None) == expected, f"{rule} on {text!r}: matched {found}"


@pytest.mark.parametrize("headers,subject,body,expected", AUTO_REPLY_CASES)
def test_out_of_office_rule(headers, subject, body, expected):
    found = evaluate_message(RULESET, "followup.out-of-office", subject=subject, body=body, headers=headers)
    assert (found is not None) == expected


def test_after_sales_needs_an_order_first():
    words = "We need spare parts and the installation manual."
    assert evaluate_message(RULESET, "stage.after-sales", body=words, customer=CustomerFacts(2)) is None


def test_after_sales_reads_the_order_named_in_the_subject_before_it_is_recorded():
    words = "We need spare parts for two of the gate valves."
    subject = "Spare parts - gate valves DN200 (PO NWT-2026-117)"
    found = evaluate_message(RULESET, "stage.after-sales", subject=subject, body=words, customer=CustomerFacts(2))
    assert found == ["PO ? #", "spare parts"]
    no_order = "Spare parts - gate valves DN200"
    assert (
        evaluate_message(RULESET, "stage.after-sales", subject=no_order, body=words, customer=CustomerFacts(2)) is None
    )


def test_matched_words_are_reported_as_written_in_the_rule():
    found = evaluate_message(RULESET, "pref.eco-friendly", body="Lead free and RECYCLABLE please")
    assert found == ["lead-free", "recyclable"]  # "lead free" is the same words: listed once


def test_every_shipped_message_rule_has_positive_and_negative_cases():
    covered = {(c[0], c[3]) for c in MESSAGE_CASES} | {
        ("followup.out-of-office", True),
        ("followup.out-of-office", False),
    }
    for rule in RULESET.scope("message"):
        assert (rule.id, True) in covered, f"{rule.id} has no message it must match"
        if rule.id != "stage.after-sales":
            assert (rule.id, False) in covered, f"{rule.id} has no message it must not match"


def test_positive_cases_cover_several_languages():
    languages = {}
    for rule, _direction, text, expected in MESSAGE_CASES:
        if expected:
            languages.setdefault(rule, set()).add(script_of(text))
    thin = {rule: found for rule, found in languages.items() if len(found) < 3}
    assert not thin, f"rules tested in fewer than 3 languages: {thin}"


def script_of(text: str) -> str:
    """A rough language key: enough to see that a rule is not tested in English only."""
    import re

    for name, pattern in (
        ("zh/ja", "[\u3040-\u30ff\u4e00-\u9fff]"),
        ("ru", "[а-яёА-ЯЁ]"),
        ("ar", "[\u0600-\u06ff]"),
        ("tr", "[ğışİŞĞ]"),
        ("de", r"\b(?:[Ww]ir|[Bb]itte|[Dd]ie|[Dd]as|[Uu]nsere?|[Aa]nbei|Ihr)\b"),
        (
            "es/pt/it/fr",
            r"\b(?:[Ee]l|[Ll]a|los|las|de|[Nn]ous|vous|ci|il|per|[Qq]ual|um|seu|[Vv]i)\b"
            r"|[áéíóúñçãõàè¿]",
        ),
    ):
        if re.search(pattern, text):
            return name
    return "en"


def test_shipped_pack_is_inside_the_package_and_rules_dir_points_at_it():
    from pathlib import Path

    top = Path(__file__).resolve().parents[1] / "rules"
    packaged = shipped_rules_dir()
    assert sorted(p.name for p in packaged.glob("*.toml")) == sorted(p.name for p in top.glob("*.toml"))
    assert {p.name for p in packaged.glob("*.toml")} >= {
        "preferences.toml",
        "stages.toml",
        "risks.toml",
        "segments.toml",
    }
    for path in top.glob("*.toml"):
        assert path.read_bytes() == (packaged / path.name).read_bytes()
