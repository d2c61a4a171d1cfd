"""The network's directory of external services: where offices refer people.

(code, kind, region, province, French, Arabic, English, website). `code` is
the entry's stable key; region and province are codes of network.data.morocco.
A province entry names its region too; a region entry has no province; a
national entry has neither. Loaded by a data migration (network.migrations.0004),
which updates entries by code, so a later migration can correct them.

Bodies that exist under these names; no address or phone is given, the
coordinators add them. The water and electricity distributors of Souss-Massa
and the Oriental are the regional multi-service companies (SRM, law 83-21) that
took over the régies (RAMSA, RADEEO) and ONEE's distribution there.
"""

LAND_REGISTRY = "land_registry"
URBAN_AGENCY = "urban_agency"
UTILITY = "utility"
PENSION_FUND = "pension_fund"
COURT = "court"
CONSULATE = "consulate"
TAX = "tax"
CUSTOMS = "customs"
CIVIL_STATUS = "civil_status"
EDUCATION = "education"
HEALTH_SOCIAL = "health_social"
INVESTMENT = "investment"
OTHER = "other"

SOUSS_MASSA = "souss-massa"
ORIENTAL = "oriental"
BENI_MELLAL_KHENIFRA = "beni-mellal-khenifra"

# fmt: off
SERVICES = [
    # --- Souss-Massa ---------------------------------------------------------
    ("urban-agency-agadir", URBAN_AGENCY, SOUSS_MASSA, None, "Agence urbaine d'Agadir", "الوكالة الحضرية لأكادير", "Agadir Urban Agency", ""),
    ("urban-agency-taroudant", URBAN_AGENCY, SOUSS_MASSA, "taroudant", "Agence urbaine de Taroudant", "الوكالة الحضرية لتارودانت", "Taroudant Urban Agency", ""),
    ("land-registry-agadir", LAND_REGISTRY, SOUSS_MASSA, "agadir-ida-ou-tanane", "Conservation foncière d'Agadir (ANCFCC)", "المحافظة العقارية بأكادير", "Agadir Land Registry (ANCFCC)", "https://www.ancfcc.gov.ma"),
    ("land-registry-inezgane", LAND_REGISTRY, SOUSS_MASSA, "inezgane-ait-melloul", "Conservation foncière d'Inezgane (ANCFCC)", "المحافظة العقارية بإنزكان", "Inezgane Land Registry (ANCFCC)", "https://www.ancfcc.gov.ma"),
    ("land-registry-tiznit", LAND_REGISTRY, SOUSS_MASSA, "tiznit", "Conservation foncière de Tiznit (ANCFCC)", "المحافظة العقارية بتيزنيت", "Tiznit Land Registry (ANCFCC)", "https://www.ancfcc.gov.ma"),
    ("land-registry-taroudant", LAND_REGISTRY, SOUSS_MASSA, "taroudant", "Conservation foncière de Taroudant (ANCFCC)", "المحافظة العقارية بتارودانت", "Taroudant Land Registry (ANCFCC)", "https://www.ancfcc.gov.ma"),
    ("utility-srm-souss-massa", UTILITY, SOUSS_MASSA, None, "Société régionale multiservices Souss-Massa (eau, électricité, assainissement ; ex-RAMSA)", "الشركة الجهوية متعددة الخدمات سوس ماسة (الماء والكهرباء والتطهير)", "Souss-Massa Regional Multi-Service Company (water, electricity, sanitation)", ""),
    ("court-first-instance-agadir", COURT, SOUSS_MASSA, "agadir-ida-ou-tanane", "Tribunal de première instance d'Agadir", "المحكمة الابتدائية بأكادير", "Agadir Court of First Instance", ""),
    ("court-first-instance-inezgane", COURT, SOUSS_MASSA, "inezgane-ait-melloul", "Tribunal de première instance d'Inezgane", "المحكمة الابتدائية بإنزكان", "Inezgane Court of First Instance", ""),
    ("court-first-instance-tiznit", COURT, SOUSS_MASSA, "tiznit", "Tribunal de première instance de Tiznit", "المحكمة الابتدائية بتيزنيت", "Tiznit Court of First Instance", ""),
    ("court-first-instance-taroudant", COURT, SOUSS_MASSA, "taroudant", "Tribunal de première instance de Taroudant", "المحكمة الابتدائية بتارودانت", "Taroudant Court of First Instance", ""),
    ("court-administrative-agadir", COURT, SOUSS_MASSA, None, "Tribunal administratif d'Agadir", "المحكمة الإدارية بأكادير", "Agadir Administrative Court", ""),
    ("investment-cri-souss-massa", INVESTMENT, SOUSS_MASSA, None, "Centre régional d'investissement Souss-Massa", "المركز الجهوي للاستثمار لجهة سوس ماسة", "Souss-Massa Regional Investment Centre", ""),
    ("tax-regional-agadir", TAX, SOUSS_MASSA, None, "Direction régionale des impôts d'Agadir", "المديرية الجهوية للضرائب بأكادير", "Agadir Regional Tax Directorate", "https://www.tax.gov.ma"),
    ("customs-agadir", CUSTOMS, SOUSS_MASSA, None, "Administration des douanes et impôts indirects, Agadir", "إدارة الجمارك والضرائب غير المباشرة بأكادير", "Customs and Excise Administration, Agadir", "https://www.douane.gov.ma"),
    ("education-aref-souss-massa", EDUCATION, SOUSS_MASSA, None, "Académie régionale d'éducation et de formation Souss-Massa", "الأكاديمية الجهوية للتربية والتكوين لجهة سوس ماسة", "Souss-Massa Regional Academy of Education and Training", ""),
    ("health-regional-souss-massa", HEALTH_SOCIAL, SOUSS_MASSA, None, "Direction régionale de la santé et de la protection sociale Souss-Massa", "المديرية الجهوية للصحة والحماية الاجتماعية بجهة سوس ماسة", "Souss-Massa Regional Directorate of Health and Social Protection", ""),
    ("consulate-france-agadir", CONSULATE, SOUSS_MASSA, None, "Consulat général de France à Agadir", "القنصلية العامة لفرنسا بأكادير", "Consulate General of France in Agadir", ""),
    ("consulate-spain-agadir", CONSULATE, SOUSS_MASSA, None, "Consulat général d'Espagne à Agadir", "القنصلية العامة لإسبانيا بأكادير", "Consulate General of Spain in Agadir", ""),
    # --- Oriental --------------------------------------------------------------
    ("urban-agency-oujda", URBAN_AGENCY, ORIENTAL, None, "Agence urbaine d'Oujda", "الوكالة الحضرية لوجدة", "Oujda Urban Agency", ""),
    ("urban-agency-nador", URBAN_AGENCY, ORIENTAL, None, "Agence urbaine de Nador", "الوكالة الحضرية للناظور", "Nador Urban Agency", ""),
    ("land-registry-oujda", LAND_REGISTRY, ORIENTAL, "oujda-angad", "Conservation foncière d'Oujda (ANCFCC)", "المحافظة العقارية بوجدة", "Oujda Land Registry (ANCFCC)", "https://www.ancfcc.gov.ma"),
    ("land-registry-nador", LAND_REGISTRY, ORIENTAL, "nador", "Conservation foncière de Nador (ANCFCC)", "المحافظة العقارية بالناظور", "Nador Land Registry (ANCFCC)", "https://www.ancfcc.gov.ma"),
    ("land-registry-berkane", LAND_REGISTRY, ORIENTAL, "berkane", "Conservation foncière de Berkane (ANCFCC)", "المحافظة العقارية ببركان", "Berkane Land Registry (ANCFCC)", "https://www.ancfcc.gov.ma"),
    ("utility-srm-oriental", UTILITY, ORIENTAL, None, "Société régionale multiservices de l'Oriental (eau, électricité, assainissement ; ex-RADEEO)", "الشركة الجهوية متعددة الخدمات لجهة الشرق (الماء والكهرباء والتطهير)", "Oriental Regional Multi-Service Company (water, electricity, sanitation)", ""),
    ("court-first-instance-oujda", COURT, ORIENTAL, "oujda-angad", "Tribunal de première instance d'Oujda", "المحكمة الابتدائية بوجدة", "Oujda Court of First Instance", ""),
    ("court-first-instance-nador", COURT, ORIENTAL, "nador", "Tribunal de première instance de Nador", "المحكمة الابتدائية بالناظور", "Nador Court of First Instance", ""),
    ("court-first-instance-berkane", COURT, ORIENTAL, "berkane", "Tribunal de première instance de Berkane", "المحكمة الابتدائية ببركان", "Berkane Court of First Instance", ""),
    ("court-administrative-oujda", COURT, ORIENTAL, None, "Tribunal administratif d'Oujda", "المحكمة الإدارية بوجدة", "Oujda Administrative Court", ""),
    ("investment-cri-oriental", INVESTMENT, ORIENTAL, None, "Centre régional d'investissement de l'Oriental", "المركز الجهوي للاستثمار لجهة الشرق", "Oriental Regional Investment Centre", ""),
    ("tax-regional-oujda", TAX, ORIENTAL, None, "Direction régionale des impôts d'Oujda", "المديرية الجهوية للضرائب بوجدة", "Oujda Regional Tax Directorate", "https://www.tax.gov.ma"),
    ("customs-nador-port", CUSTOMS, ORIENTAL, "nador", "Administration des douanes et impôts indirects, port de Nador (Beni Ensar)", "إدارة الجمارك والضرائب غير المباشرة بميناء الناظور (بني أنصار)", "Customs and Excise Administration, port of Nador (Beni Ensar)", "https://www.douane.gov.ma"),
    ("education-aref-oriental", EDUCATION, ORIENTAL, None, "Académie régionale d'éducation et de formation de l'Oriental", "الأكاديمية الجهوية للتربية والتكوين لجهة الشرق", "Oriental Regional Academy of Education and Training", ""),
    ("health-regional-oriental", HEALTH_SOCIAL, ORIENTAL, None, "Direction régionale de la santé et de la protection sociale de l'Oriental", "المديرية الجهوية للصحة والحماية الاجتماعية بجهة الشرق", "Oriental Regional Directorate of Health and Social Protection", ""),
    ("consulate-spain-nador", CONSULATE, ORIENTAL, None, "Consulat général d'Espagne à Nador", "القنصلية العامة لإسبانيا بالناظور", "Consulate General of Spain in Nador", ""),
    # --- Béni Mellal-Khénifra --------------------------------------------------
    ("urban-agency-beni-mellal", URBAN_AGENCY, BENI_MELLAL_KHENIFRA, "beni-mellal", "Agence urbaine de Béni Mellal", "الوكالة الحضرية لبني ملال", "Beni Mellal Urban Agency", ""),
    ("land-registry-beni-mellal", LAND_REGISTRY, BENI_MELLAL_KHENIFRA, "beni-mellal", "Conservation foncière de Béni Mellal (ANCFCC)", "المحافظة العقارية ببني ملال", "Beni Mellal Land Registry (ANCFCC)", "https://www.ancfcc.gov.ma"),
    ("court-first-instance-beni-mellal", COURT, BENI_MELLAL_KHENIFRA, "beni-mellal", "Tribunal de première instance de Béni Mellal", "المحكمة الابتدائية ببني ملال", "Beni Mellal Court of First Instance", ""),
    # --- The whole country -----------------------------------------------------
    ("pension-cnss", PENSION_FUND, None, None, "Caisse nationale de sécurité sociale (CNSS)", "الصندوق الوطني للضمان الاجتماعي", "National Social Security Fund (CNSS)", "https://www.cnss.ma"),
    ("pension-cmr", PENSION_FUND, None, None, "Caisse marocaine des retraites (CMR)", "الصندوق المغربي للتقاعد", "Moroccan Pension Fund (CMR)", "https://www.cmr.gov.ma"),
    ("pension-france-cnav", PENSION_FUND, None, None, "Assurance retraite (CNAV), France", "الصندوق الوطني للتأمين على الشيخوخة (فرنسا)", "National Old-Age Insurance Fund (CNAV), France", "https://www.lassuranceretraite.fr"),
    ("pension-spain-inss", PENSION_FUND, None, None, "Instituto Nacional de la Seguridad Social (INSS), Espagne", "المعهد الوطني للضمان الاجتماعي (إسبانيا)", "National Social Security Institute (INSS), Spain", "https://www.seg-social.es"),
    ("pension-italy-inps", PENSION_FUND, None, None, "Istituto Nazionale della Previdenza Sociale (INPS), Italie", "المعهد الوطني للاحتياط الاجتماعي (إيطاليا)", "National Social Security Institute (INPS), Italy", "https://www.inps.it"),
    ("pension-belgium-sfp", PENSION_FUND, None, None, "Service fédéral des Pensions (SFP, ex-ONP), Belgique", "المصلحة الفيدرالية للمعاشات (بلجيكا)", "Federal Pensions Service (SFP), Belgium", "https://www.sfpd.fgov.be"),
    ("pension-netherlands-svb", PENSION_FUND, None, None, "Sociale Verzekeringsbank (SVB), Pays-Bas", "بنك التأمينات الاجتماعية (هولندا)", "Social Insurance Bank (SVB), Netherlands", "https://www.svb.nl"),
    ("pension-germany-drv", PENSION_FUND, None, None, "Deutsche Rentenversicherung, Allemagne", "صندوق التأمين التقاعدي الألماني", "German Pension Insurance (DRV), Germany", "https://www.deutsche-rentenversicherung.de"),
    ("utility-onee", UTILITY, None, None, "Office national de l'électricité et de l'eau potable (ONEE)", "المكتب الوطني للكهرباء والماء الصالح للشرب", "National Office of Electricity and Drinking Water (ONEE)", ""),
    ("customs-adii", CUSTOMS, None, None, "Administration des douanes et impôts indirects (ADII)", "إدارة الجمارك والضرائب غير المباشرة", "Customs and Excise Administration (ADII)", "https://www.douane.gov.ma"),
    ("education-equivalence", EDUCATION, None, None, "Ministère de l'Enseignement supérieur, service des équivalences de diplômes", "وزارة التعليم العالي والبحث العلمي والابتكار، مصلحة معادلة الشهادات", "Ministry of Higher Education, diploma equivalence service", ""),
    ("mre-foundation-hassan-ii", OTHER, None, None, "Fondation Hassan II pour les Marocains résidant à l'étranger", "مؤسسة الحسن الثاني للمغاربة المقيمين بالخارج", "Hassan II Foundation for Moroccans Living Abroad", "https://www.fh2mre.ma"),
    ("ombudsman-mediateur", OTHER, None, None, "Institution du Médiateur du Royaume", "مؤسسة وسيط المملكة", "Ombudsman of the Kingdom (Médiateur du Royaume)", ""),
    ("consulate-italy-casablanca", CONSULATE, None, None, "Consulat général d'Italie à Casablanca", "القنصلية العامة لإيطاليا بالدار البيضاء", "Consulate General of Italy in Casablanca", ""),
    ("consulate-belgium-rabat", CONSULATE, None, None, "Ambassade de Belgique à Rabat, section consulaire", "سفارة بلجيكا بالرباط، القسم القنصلي", "Embassy of Belgium in Rabat, consular section", ""),
    ("consulate-netherlands-rabat", CONSULATE, None, None, "Ambassade des Pays-Bas à Rabat, section consulaire", "سفارة هولندا بالرباط، القسم القنصلي", "Embassy of the Netherlands in Rabat, consular section", ""),
    ("consulate-germany-rabat", CONSULATE, None, None, "Ambassade d'Allemagne à Rabat, section consulaire", "سفارة ألمانيا بالرباط، القسم القنصلي", "Embassy of Germany in Rabat, consular section", ""),
]
# fmt: on
