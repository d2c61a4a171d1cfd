"""Morocco's 12 regions and 75 prefectures and provinces (2015 division).

(code, French, Arabic, English) for regions; (code, kind, French, Arabic,
English) for their prefectures and provinces. Loaded by a data migration
(network.migrations.0002) and kept in step by `network.services.sync_territories`.
"""

PREFECTURE = "prefecture"
PROVINCE = "province"

TERRITORIES = [
    (
        ("tanger-tetouan-al-hoceima", "Tanger-Tétouan-Al Hoceïma", "طنجة تطوان الحسيمة", "Tangier-Tetouan-Al Hoceima"),
        [
            ("tanger-assilah", PREFECTURE, "Tanger-Assilah", "طنجة أصيلة", "Tangier-Assilah"),
            ("mdiq-fnideq", PREFECTURE, "M'diq-Fnideq", "المضيق الفنيدق", "M'diq-Fnideq"),
            ("tetouan", PROVINCE, "Tétouan", "تطوان", "Tetouan"),
            ("fahs-anjra", PROVINCE, "Fahs-Anjra", "الفحص أنجرة", "Fahs-Anjra"),
            ("larache", PROVINCE, "Larache", "العرائش", "Larache"),
            ("al-hoceima", PROVINCE, "Al Hoceïma", "الحسيمة", "Al Hoceima"),
            ("chefchaouen", PROVINCE, "Chefchaouen", "شفشاون", "Chefchaouen"),
            ("ouezzane", PROVINCE, "Ouezzane", "وزان", "Ouezzane"),
        ],
    ),
    (
        ("oriental", "L'Oriental", "الشرق", "Oriental"),
        [
            ("oujda-angad", PREFECTURE, "Oujda-Angad", "وجدة أنكاد", "Oujda-Angad"),
            ("nador", PROVINCE, "Nador", "الناظور", "Nador"),
            ("driouch", PROVINCE, "Driouch", "الدريوش", "Driouch"),
            ("jerada", PROVINCE, "Jerada", "جرادة", "Jerada"),
            ("berkane", PROVINCE, "Berkane", "بركان", "Berkane"),
            ("taourirt", PROVINCE, "Taourirt", "تاوريرت", "Taourirt"),
            ("guercif", PROVINCE, "Guercif", "جرسيف", "Guercif"),
            ("figuig", PROVINCE, "Figuig", "فكيك", "Figuig"),
        ],
    ),
    (
        ("fes-meknes", "Fès-Meknès", "فاس مكناس", "Fez-Meknes"),
        [
            ("fes", PREFECTURE, "Fès", "فاس", "Fez"),
            ("meknes", PREFECTURE, "Meknès", "مكناس", "Meknes"),
            ("el-hajeb", PROVINCE, "El Hajeb", "الحاجب", "El Hajeb"),
            ("ifrane", PROVINCE, "Ifrane", "إفران", "Ifrane"),
            ("moulay-yacoub", PROVINCE, "Moulay Yacoub", "مولاي يعقوب", "Moulay Yacoub"),
            ("sefrou", PROVINCE, "Sefrou", "صفرو", "Sefrou"),
            ("boulemane", PROVINCE, "Boulemane", "بولمان", "Boulemane"),
            ("taounate", PROVINCE, "Taounate", "تاونات", "Taounate"),
            ("taza", PROVINCE, "Taza", "تازة", "Taza"),
        ],
    ),
    (
        ("rabat-sale-kenitra", "Rabat-Salé-Kénitra", "الرباط سلا القنيطرة", "Rabat-Sale-Kenitra"),
        [
            ("rabat", PREFECTURE, "Rabat", "الرباط", "Rabat"),
            ("sale", PREFECTURE, "Salé", "سلا", "Sale"),
            ("skhirate-temara", PREFECTURE, "Skhirate-Témara", "الصخيرات تمارة", "Skhirate-Temara"),
            ("kenitra", PROVINCE, "Kénitra", "القنيطرة", "Kenitra"),
            ("khemisset", PROVINCE, "Khémisset", "الخميسات", "Khemisset"),
            ("sidi-kacem", PROVINCE, "Sidi Kacem", "سيدي قاسم", "Sidi Kacem"),
            ("sidi-slimane", PROVINCE, "Sidi Slimane", "سيدي سليمان", "Sidi Slimane"),
        ],
    ),
    (
        ("beni-mellal-khenifra", "Béni Mellal-Khénifra", "بني ملال خنيفرة", "Beni Mellal-Khenifra"),
        [
            ("beni-mellal", PROVINCE, "Béni Mellal", "بني ملال", "Beni Mellal"),
            ("azilal", PROVINCE, "Azilal", "أزيلال", "Azilal"),
            ("fquih-ben-salah", PROVINCE, "Fquih Ben Salah", "الفقيه بن صالح", "Fquih Ben Salah"),
            ("khenifra", PROVINCE, "Khénifra", "خنيفرة", "Khenifra"),
            ("khouribga", PROVINCE, "Khouribga", "خريبكة", "Khouribga"),
        ],
    ),
    (
        ("casablanca-settat", "Casablanca-Settat", "الدار البيضاء سطات", "Casablanca-Settat"),
        [
            ("casablanca", PREFECTURE, "Casablanca", "الدار البيضاء", "Casablanca"),
            ("mohammedia", PREFECTURE, "Mohammédia", "المحمدية", "Mohammedia"),
            ("el-jadida", PROVINCE, "El Jadida", "الجديدة", "El Jadida"),
            ("nouaceur", PROVINCE, "Nouaceur", "النواصر", "Nouaceur"),
            ("mediouna", PROVINCE, "Médiouna", "مديونة", "Mediouna"),
            ("benslimane", PROVINCE, "Benslimane", "بنسليمان", "Benslimane"),
            ("berrechid", PROVINCE, "Berrechid", "برشيد", "Berrechid"),
            ("settat", PROVINCE, "Settat", "سطات", "Settat"),
            ("sidi-bennour", PROVINCE, "Sidi Bennour", "سيدي بنور", "Sidi Bennour"),
        ],
    ),
    (
        ("marrakech-safi", "Marrakech-Safi", "مراكش آسفي", "Marrakesh-Safi"),
        [
            ("marrakech", PREFECTURE, "Marrakech", "مراكش", "Marrakesh"),
            ("chichaoua", PROVINCE, "Chichaoua", "شيشاوة", "Chichaoua"),
            ("al-haouz", PROVINCE, "Al Haouz", "الحوز", "Al Haouz"),
            ("el-kelaa-des-sraghna", PROVINCE, "El Kelâa des Sraghna", "قلعة السراغنة", "El Kelaa des Sraghna"),
            ("essaouira", PROVINCE, "Essaouira", "الصويرة", "Essaouira"),
            ("rehamna", PROVINCE, "Rehamna", "الرحامنة", "Rehamna"),
            ("safi", PROVINCE, "Safi", "آسفي", "Safi"),
            ("youssoufia", PROVINCE, "Youssoufia", "اليوسفية", "Youssoufia"),
        ],
    ),
    (
        ("draa-tafilalet", "Drâa-Tafilalet", "درعة تافيلالت", "Draa-Tafilalet"),
        [
            ("errachidia", PROVINCE, "Errachidia", "الرشيدية", "Errachidia"),
            ("ouarzazate", PROVINCE, "Ouarzazate", "ورزازات", "Ouarzazate"),
            ("midelt", PROVINCE, "Midelt", "ميدلت", "Midelt"),
            ("tinghir", PROVINCE, "Tinghir", "تنغير", "Tinghir"),
            ("zagora", PROVINCE, "Zagora", "زاكورة", "Zagora"),
        ],
    ),
    (
        ("souss-massa", "Souss-Massa", "سوس ماسة", "Souss-Massa"),
        [
            ("agadir-ida-ou-tanane", PREFECTURE, "Agadir-Ida-Ou-Tanane", "أكادير إداوتنان", "Agadir-Ida-Ou-Tanane"),
            ("inezgane-ait-melloul", PREFECTURE, "Inezgane-Aït Melloul", "إنزكان أيت ملول", "Inezgane-Ait Melloul"),
            ("chtouka-ait-baha", PROVINCE, "Chtouka-Aït Baha", "اشتوكة أيت باها", "Chtouka-Ait Baha"),
            ("taroudant", PROVINCE, "Taroudant", "تارودانت", "Taroudant"),
            ("tiznit", PROVINCE, "Tiznit", "تيزنيت", "Tiznit"),
            ("tata", PROVINCE, "Tata", "طاطا", "Tata"),
        ],
    ),
    (
        ("guelmim-oued-noun", "Guelmim-Oued Noun", "كلميم واد نون", "Guelmim-Oued Noun"),
        [
            ("guelmim", PROVINCE, "Guelmim", "كلميم", "Guelmim"),
            ("assa-zag", PROVINCE, "Assa-Zag", "أسا الزاك", "Assa-Zag"),
            ("tan-tan", PROVINCE, "Tan-Tan", "طانطان", "Tan-Tan"),
            ("sidi-ifni", PROVINCE, "Sidi Ifni", "سيدي إفني", "Sidi Ifni"),
        ],
    ),
    (
        ("laayoune-sakia-el-hamra", "Laâyoune-Sakia El Hamra", "العيون الساقية الحمراء", "Laayoune-Sakia El Hamra"),
        [
            ("laayoune", PROVINCE, "Laâyoune", "العيون", "Laayoune"),
            ("boujdour", PROVINCE, "Boujdour", "بوجدور", "Boujdour"),
            ("tarfaya", PROVINCE, "Tarfaya", "طرفاية", "Tarfaya"),
            ("es-semara", PROVINCE, "Es-Semara", "السمارة", "Es-Semara"),
        ],
    ),
    (
        ("dakhla-oued-ed-dahab", "Dakhla-Oued Ed-Dahab", "الداخلة وادي الذهب", "Dakhla-Oued Ed-Dahab"),
        [
            ("oued-ed-dahab", PROVINCE, "Oued Ed-Dahab", "وادي الذهب", "Oued Ed-Dahab"),
            ("aousserd", PROVINCE, "Aousserd", "أوسرد", "Aousserd"),
        ],
    ),
]
