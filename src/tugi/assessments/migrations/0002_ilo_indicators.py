"""Seed: the ILO–EU operational indicators of trafficking in human beings.

Source: "Operational indicators of trafficking in human beings. Results from a Delphi survey
implemented by the ILO and the European Commission", first published March 2009, revised September
2009. Four sets (adults and children, labour and sexual exploitation), six dimensions, each indicator
strong, medium or weak. English texts as in the ILO lists; Estonian and Russian are our translations.
The sets are reference data: service leads check them against the source and correct them in the
application (indicators are deactivated, never deleted). Codes: <set>-<dimension no>.<no>, the set
being AL (adult, labour), AS (adult, sexual), CL (child, labour), CS (child, sexual).

Combination rule (ILO document, "how to use the indicators"): a dimension is positive with at least
2 strong; 1 strong + 1 medium or weak; 3 medium; or 2 medium + 1 weak indicators. Adults: positive
for deceptive OR coercive recruitment OR recruitment by abuse of vulnerability, AND for exploitation,
AND for coercion OR abuse of vulnerability at destination. Children: the "means" (coercion, deception,
abuse of vulnerability) are not needed for a child to be a victim (Palermo Protocol art. 3(c)), so the
destination group is left out: recruitment AND exploitation. (verify with the service lead)
"""

from django.db import migrations

# key: (English, Estonian, Russian)
TEXTS = {
    # Deceptive recruitment
    "d_nature": (
        "Deceived about the nature of the job, location or employer",
        "Petetud töö olemuse, asukoha või tööandja osas",
        "Обман относительно характера работы, места работы или работодателя",
    ),
    "d_conditions_work": (
        "Deceived about conditions of work",
        "Petetud töötingimuste osas",
        "Обман относительно условий труда",
    ),
    "d_conditions_prostitution": (
        "Deceived about conditions of prostitution",
        "Petetud prostitutsiooni tingimuste osas",
        "Обман относительно условий занятия проституцией",
    ),
    "d_contract": (
        "Deceived about content or legality of work contract",
        "Petetud töölepingu sisu või seaduslikkuse osas",
        "Обман относительно содержания или законности трудового договора",
    ),
    "d_family_reunification": (
        "Deceived about family reunification",
        "Petetud perekonna taasühinemise osas",
        "Обман относительно воссоединения семьи",
    ),
    "d_housing": (
        "Deceived about housing and living conditions",
        "Petetud eluaseme ja elamistingimuste osas",
        "Обман относительно жилья и условий проживания",
    ),
    "d_documents": (
        "Deceived about legal documentation or obtaining legal migration status",
        "Petetud dokumentide või seadusliku rändestaatuse saamise osas",
        "Обман относительно документов или получения законного миграционного статуса",
    ),
    "d_travel": (
        "Deceived about travel and recruitment conditions",
        "Petetud reisi- ja värbamistingimuste osas",
        "Обман относительно условий поездки и вербовки",
    ),
    "d_wages": (
        "Deceived about wages/earnings",
        "Petetud töötasu või teenistuse osas",
        "Обман относительно заработной платы или заработка",
    ),
    "d_marriage": (
        "Deceived through promises of marriage or adoption",
        "Petetud abielu- või lapsendamislubadustega",
        "Обман с помощью обещаний брака или усыновления",
    ),
    "d_education": (
        "Deceived about access to education opportunities",
        "Petetud haridusvõimaluste osas",
        "Обман относительно возможности получить образование",
    ),
    # Coercion (at recruitment and at destination)
    "c_violence": ("Violence on victims", "Vägivald ohvri vastu", "Насилие в отношении жертвы"),
    "c_abduction": (
        "Abduction, forced marriage, forced adoption or selling of victim",
        "Röövimine, sundabielu, sundlapsendamine või ohvri müümine",
        "Похищение, принудительный брак, принудительное усыновление или продажа жертвы",
    ),
    "c_documents": ("Confiscation of documents", "Dokumentide äravõtmine", "Изъятие документов"),
    "c_debt": ("Debt bondage", "Võlaorjus", "Долговая кабала"),
    "c_isolation": (
        "Isolation, confinement or surveillance",
        "Isoleerimine, kinnipidamine või jälgimine",
        "Изоляция, лишение свободы передвижения или слежка",
    ),
    "c_denunciation": (
        "Threat of denunciation to authorities",
        "Ähvardamine ametiasutustele teatamisega",
        "Угроза донести властям",
    ),
    "c_inform_family": (
        "Threat to inform family, community or public",
        "Ähvardamine perekonnale, kogukonnale või avalikkusele teatamisega",
        "Угроза сообщить семье, общине или общественности",
    ),
    "c_threats": (
        "Threats of violence against victim",
        "Vägivallaga ähvardamine",
        "Угрозы применить насилие к жертве",
    ),
    "c_violence_family": (
        "Violence on family (threats or effective)",
        "Vägivald perekonna vastu (ähvardused või tegelik vägivald)",
        "Насилие в отношении семьи (угрозы или фактическое насилие)",
    ),
    "c_withholding_money": ("Withholding of money", "Raha kinnipidamine", "Удержание денег"),
    "c_illicit": (
        "Forced into illicit/criminal activities",
        "Sunnitud ebaseaduslikule või kuritegelikule tegevusele",
        "Принуждение к незаконной или преступной деятельности",
    ),
    "c_tasks_clients": (
        "Forced tasks or clients",
        "Peale sunnitud tööülesanded või kliendid",
        "Навязанные задания или клиенты",
    ),
    "c_against_peers": (
        "Forced to act against peers",
        "Sunnitud tegutsema kaaslaste vastu",
        "Принуждение действовать против товарищей",
    ),
    "c_lie": (
        "Forced to lie to authorities, family, etc.",
        "Sunnitud valetama ametiasutustele, perekonnale jt",
        "Принуждение лгать властям, семье и т. д.",
    ),
    "c_worse_conditions": (
        "Threat to impose even worse working conditions",
        "Ähvardamine veelgi halvemate töötingimustega",
        "Угроза ещё более ухудшить условия труда",
    ),
    "c_influence": ("Under strong influence", "Tugeva mõju all", "Под сильным влиянием"),
    "c_withholding_wages": ("Withholding of wages", "Töötasu kinnipidamine", "Удержание заработной платы"),
    # Abuse of vulnerability (at recruitment and at destination)
    "v_family_difficult": (
        "Abuse of difficult family situation",
        "Raske perekondliku olukorra ärakasutamine",
        "Использование тяжёлого семейного положения",
    ),
    "v_illegal_status": (
        "Abuse of illegal status",
        "Ebaseadusliku staatuse ärakasutamine",
        "Использование незаконного статуса",
    ),
    "v_education": (
        "Abuse of lack of education (language)",
        "Puuduliku hariduse (keeleoskuse) ärakasutamine",
        "Использование недостатка образования (незнания языка)",
    ),
    "v_information": (
        "Abuse of lack of information",
        "Teabe puudumise ärakasutamine",
        "Использование недостатка информации",
    ),
    "v_control": ("Control of exploiters", "Ekspluateerijate kontroll", "Контроль со стороны эксплуататоров"),
    "v_economic": ("Economic reasons", "Majanduslikud põhjused", "Экономические причины"),
    "v_false_law": (
        "False information about law, attitude of authorities",
        "Väärinfo seaduste ja ametiasutuste hoiakute kohta",
        "Ложная информация о законах и отношении властей",
    ),
    "v_false_migration": (
        "False information about successful migration",
        "Väärinfo eduka rände kohta",
        "Ложная информация об успешной миграции",
    ),
    "v_family": ("Family situation", "Perekondlik olukord", "Семейное положение"),
    "v_personal": ("Personal situation", "Isiklik olukord", "Личное положение"),
    "v_dependency": (
        "Psychological and emotional dependency",
        "Psühholoogiline ja emotsionaalne sõltuvus",
        "Психологическая и эмоциональная зависимость",
    ),
    "v_authorities": (
        "Relationship with authorities/legal status",
        "Suhe ametiasutustega / õiguslik staatus",
        "Отношения с властями / правовой статус",
    ),
    "v_beliefs": (
        "Abuse of cultural/religious beliefs",
        "Kultuuriliste või usuliste tõekspidamiste ärakasutamine",
        "Использование культурных или религиозных убеждений",
    ),
    "v_past": ("Difficulties in the past", "Varasemad raskused", "Трудности в прошлом"),
    "v_travel": (
        "Difficulty to organize the travel",
        "Raskused reisi korraldamisel",
        "Трудности с организацией поездки",
    ),
    "v_context": ("General context", "Üldine olukord (kontekst)", "Общий контекст"),
    "v_dependency_exploiters": (
        "Dependency on exploiters",
        "Sõltuvus ekspluateerijatest",
        "Зависимость от эксплуататоров",
    ),
    "v_unknown_area": (
        "Difficulty to live in an unknown area",
        "Raskused võõras kohas elamisel",
        "Трудности жизни в незнакомой местности",
    ),
    "v_characteristics": ("Personal characteristics", "Isikuomadused", "Личные особенности"),
    # Exploitative conditions of work
    "e_hours": (
        "Excessive working days or hours",
        "Liiga palju tööpäevi või liiga pikk tööaeg",
        "Чрезмерное количество рабочих дней или часов",
    ),
    "e_living": ("Bad living conditions", "Halvad elamistingimused", "Плохие условия проживания"),
    "e_hazardous": ("Hazardous work", "Ohtlik töö", "Опасная работа"),
    "e_salary": ("Low or no salary", "Madal töötasu või töötasu puudumine", "Низкая заработная плата или её отсутствие"),
    "e_labour_law": (
        "No respect of labour laws or contract signed",
        "Tööseadusi või sõlmitud lepingut ei järgita",
        "Несоблюдение трудового законодательства или подписанного договора",
    ),
    "e_social_protection": (
        "No social protection (contract, social insurance, etc.)",
        "Sotsiaalse kaitse puudumine (leping, sotsiaalkindlustus jms)",
        "Отсутствие социальной защиты (договора, социального страхования и т. п.)",
    ),
    "e_working_conditions": ("Very bad working conditions", "Väga halvad töötingimused", "Очень плохие условия труда"),
    "e_wage_manipulation": ("Wage manipulation", "Töötasuga manipuleerimine", "Манипулирование заработной платой"),
    "e_education": ("No access to education", "Puudub juurdepääs haridusele", "Отсутствие доступа к образованию"),
}

DR, CR, VR = "deceptive_recruitment", "coercive_recruitment", "vulnerability_recruitment"
EX, CD, VD = "exploitation", "coercion_destination", "vulnerability_destination"
DIMENSIONS = [DR, CR, VR, EX, CD, VD]

# set → dimension → (strong, medium, weak) lists of text keys, in the order of the ILO lists
ADULT_LABOUR = {
    DR: (
        ["d_nature"],
        ["d_conditions_work", "d_contract", "d_family_reunification", "d_housing", "d_documents", "d_travel",
         "d_wages", "d_marriage"],
        ["d_education"],
    ),
    CR: (
        ["c_violence"],
        ["c_abduction", "c_documents", "c_debt", "c_isolation", "c_denunciation", "c_inform_family", "c_threats",
         "c_violence_family", "c_withholding_money"],
        [],
    ),
    VR: (
        [],
        ["v_family_difficult", "v_illegal_status", "v_education", "v_information", "v_control", "v_economic",
         "v_false_law", "v_false_migration", "v_family", "v_personal", "v_dependency", "v_authorities"],
        ["v_beliefs", "v_past", "v_travel", "v_context"],
    ),
    EX: (
        ["e_hours"],
        ["e_living", "e_hazardous", "e_salary", "e_labour_law", "e_social_protection", "e_working_conditions",
         "e_wage_manipulation"],
        ["e_education"],
    ),
    CD: (
        ["c_documents", "c_debt", "c_isolation", "c_violence"],
        ["c_illicit", "c_tasks_clients", "c_against_peers", "c_lie", "c_denunciation", "c_worse_conditions",
         "c_threats", "c_influence", "c_violence_family", "c_withholding_wages"],
        ["c_inform_family"],
    ),
    VD: (
        [],
        ["v_dependency_exploiters", "v_unknown_area", "v_economic", "v_family", "v_authorities"],
        ["v_past", "v_characteristics"],
    ),
}

ADULT_SEXUAL = {
    DR: (
        ["d_nature"],
        ["d_conditions_prostitution", "d_contract", "d_family_reunification", "d_housing", "d_documents",
         "d_travel", "d_wages", "d_marriage"],
        ["d_education"],
    ),
    CR: ADULT_LABOUR[CR],
    VR: ADULT_LABOUR[VR],
    EX: ADULT_LABOUR[EX],
    CD: (
        ["c_documents", "c_debt", "c_isolation", "c_violence", "c_tasks_clients"],
        ["c_illicit", "c_against_peers", "c_lie", "c_denunciation", "c_worse_conditions", "c_threats",
         "c_influence", "c_violence_family", "c_withholding_wages"],
        ["c_inform_family"],
    ),
    VD: ADULT_LABOUR[VD],
}

# The children's lists have no weak indicators: what is weak for an adult is medium or strong for a child.
CHILD_LABOUR = {
    DR: (
        ["d_nature", "d_education"],
        ["d_conditions_work", "d_contract", "d_family_reunification", "d_housing", "d_documents", "d_travel",
         "d_wages", "d_marriage"],
        [],
    ),
    CR: (
        ["c_violence", "c_threats", "c_abduction", "c_debt"],
        ["c_documents", "c_isolation", "c_denunciation", "c_inform_family", "c_violence_family",
         "c_withholding_money"],
        [],
    ),
    VR: (
        [],
        ["v_family_difficult", "v_illegal_status", "v_education", "v_information", "v_control", "v_economic",
         "v_false_migration", "v_family", "v_personal", "v_dependency", "v_authorities", "v_past", "v_travel",
         "v_beliefs", "v_context"],
        [],
    ),
    EX: (
        ["e_hours"],
        ["e_living", "e_hazardous", "e_salary", "e_labour_law", "e_working_conditions", "e_wage_manipulation",
         "e_education"],
        [],
    ),
    CD: (
        ["c_documents", "c_debt", "c_isolation", "c_violence", "c_threats", "c_illicit", "c_tasks_clients",
         "c_influence"],
        ["c_against_peers", "c_lie", "c_denunciation", "c_worse_conditions", "c_violence_family",
         "c_withholding_wages", "c_inform_family"],
        [],
    ),
    VD: (
        [],
        ["v_dependency_exploiters", "v_unknown_area", "v_economic", "v_family", "v_authorities", "v_past",
         "v_characteristics"],
        [],
    ),
}

CHILD_SEXUAL = {
    DR: (
        ["d_nature", "d_education"],
        ["d_conditions_prostitution", "d_contract", "d_family_reunification", "d_housing", "d_documents",
         "d_travel", "d_wages", "d_marriage"],
        [],
    ),
    CR: CHILD_LABOUR[CR],
    VR: CHILD_LABOUR[VR],
    EX: (
        ["e_hours", "e_hazardous"],
        ["e_living", "e_salary", "e_labour_law", "e_working_conditions", "e_wage_manipulation", "e_education"],
        [],
    ),
    CD: CHILD_LABOUR[CD],
    VD: CHILD_LABOUR[VD],
}

SETS = [
    ("AL", "adult", "labour", ADULT_LABOUR),
    ("AS", "adult", "sexual", ADULT_SEXUAL),
    ("CL", "child", "labour", CHILD_LABOUR),
    ("CS", "child", "sexual", CHILD_SEXUAL),
]

# (strong, medium, weak) at least
DIMENSION_RULES = [(2, 0, 0), (1, 1, 0), (1, 0, 1), (0, 3, 0), (0, 2, 1)]

RECRUITMENT = (
    "recruitment",
    [DR, CR, VR],
    "Värbamine: petlik, sunniviisiline või abitut seisundit ära kasutav",
    "Recruitment: deceptive, coercive or by abuse of vulnerability",
    "Вербовка: обманная, принудительная или с использованием уязвимого положения",
)
EXPLOITATION = ("exploitation", [EX], "Ekspluateerimine", "Exploitation", "Эксплуатация")
DESTINATION = (
    "destination",
    [CD, VD],
    "Sund või abitu seisundi ärakasutamine sihtkohas",
    "Coercion or abuse of vulnerability at destination",
    "Принуждение или использование уязвимого положения в месте назначения",
)
GROUPS = {"adult": [RECRUITMENT, EXPLOITATION, DESTINATION], "child": [RECRUITMENT, EXPLOITATION]}


def seed(apps, schema_editor):
    Indicator = apps.get_model("assessments", "Indicator")
    DimensionRule = apps.get_model("assessments", "DimensionRule")
    CombinationGroup = apps.get_model("assessments", "CombinationGroup")
    for prefix, target, exploitation, dimensions in SETS:
        for dim_no, dimension in enumerate(DIMENSIONS, start=1):
            keys = [
                (strength, key)
                for strength, group in zip(("strong", "medium", "weak"), dimensions[dimension], strict=True)
                for key in group
            ]
            for no, (strength, key) in enumerate(keys, start=1):
                en, et, ru = TEXTS[key]
                Indicator.objects.update_or_create(
                    code=f"{prefix}-{dim_no}.{no:02d}",
                    defaults=dict(
                        target=target, exploitation=exploitation, dimension=dimension, strength=strength,
                        text_en=en, text_et=et, text_ru=ru, active=True, order=no,
                    ),
                )
    for order, (strong, medium, weak) in enumerate(DIMENSION_RULES, start=1):
        DimensionRule.objects.update_or_create(
            min_strong=strong, min_medium=medium, min_weak=weak, defaults={"order": order}
        )
    for target, groups in GROUPS.items():
        for order, (key, dims, et, en, ru) in enumerate(groups, start=1):
            CombinationGroup.objects.update_or_create(
                target=target,
                key=key,
                defaults=dict(dimensions=dims, name_et=et, name_en=en, name_ru=ru, order=order),
            )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
