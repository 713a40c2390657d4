"""Over de data: tables, indicators, the snapshot in use, quality checks and the refresh button.

Tables are plain HTML tables (``show_table``): Dutch numbers, read by screen readers, and no data
grid toolbar with English labels ("Search", "Download as CSV", "Fullscreen").
"""

import streamlit as st

from regiondata.config import load_settings
from regiondata.derive.pipeline import refresh_from_cbs
from regiondata.errors import RegionDataError
from regiondata.meeting.preflight import port_from_env, run_checks, summary
from regiondata.model.export import export_csv
from regiondata.model.views import (
    cbs_check_overview,
    format_date_nl,
    indicators_overview,
    quality_overview,
    refresh_failure_text,
    retrieval_text,
    snapshot_age_text,
    tables_overview,
)
from ui.charts import show_table
from ui.data import get_snapshot
from ui.text import md, md_inline

snapshot = get_snapshot()
st.title("Over de data", anchor=False)

kind = "Demodata — verzonnen cijfers" if snapshot.is_demo else "Echte CBS-cijfers"
created = format_date_nl(snapshot.created_at)
# The same wording as the source line under every chart: "opgehaald 27 november 2026".
st.markdown(f"**Gegevens in gebruik:** {kind}, {retrieval_text(snapshot)} ({snapshot_age_text(snapshot)}).")
version = snapshot.manifest.get("code_version")
st.caption(f"Snapshot {snapshot.path.name}, samengesteld {created} · codeversie {version}")

st.subheader("Gegevens vernieuwen", anchor=False)
st.write(
    "Haalt alle tabellen opnieuw op bij CBS. Het dashboard blijft de huidige gegevens gebruiken tot "
    "de nieuwe volledig binnen zijn; mislukt het ophalen, dan verandert er niets."
)
if st.button("Gegevens vernieuwen bij CBS", key="refresh", type="primary"):
    failure: RegionDataError | None = None
    with st.status("Gegevens ophalen bij CBS …", expanded=True) as status:
        try:
            refresh_from_cbs(
                load_settings(),
                progress=lambda p: st.write(
                    f"✓ {p.table_id} — {p.title} ({p.rows:,} rijen, {p.seconds:.1f} s)".replace(",", ".")
                ),
            )
        except RegionDataError as err:
            failure = err
            status.update(label="Vernieuwen mislukt", state="error", expanded=False)
        else:
            status.update(label="Nieuwe gegevens opgehaald", state="complete")
            st.success("De nieuwe gegevens zijn klaar. Ververs de pagina of kies een andere pagina.")
    if failure is not None:
        # Outside the status box, so it is seen: the cause in plain words and what to do; the
        # message with settings and addresses is folded below for whoever maintains the server.
        cause, todo = refresh_failure_text(failure)
        st.error(f"**Vernieuwen mislukt.** {cause} {todo}", icon=":material/error:")
        with st.expander("Technische details"):
            st.text(str(failure))

st.subheader("Klaar voor de bijeenkomst?", anchor=False)
st.write("Controleert de gegevens, de regiogrenzen en of agenda's bewaard kunnen worden.")
if st.button("Controle uitvoeren", key="preflight"):
    results = run_checks(load_settings(), port=port_from_env())
    for result in results:
        text = f"**{result.title}** — {result.detail}"
        if result.ok:
            st.success(text, icon=":material/check_circle:")
        elif result.fatal:
            st.error(text, icon=":material/cancel:")
        else:
            st.warning(text, icon=":material/warning:")
    st.caption(summary(results))

st.subheader("Tabellen", anchor=False)
st.write(
    "Alle cijfers komen uit CBS StatLine (open data, licentie CC BY 4.0). Vermeld bij hergebruik "
    '"Bron: CBS" met het tabelnummer.'
)
show_table(tables_overview(snapshot))

st.subheader("Alle cijfers in één bestand", anchor=False)
st.download_button(
    "Alle cijfers (CSV)",
    data=lambda: export_csv(snapshot),  # a few MB: built on click, not on every rerun
    file_name=f"alle-cijfers-{snapshot.path.name}.csv",
    mime="text/csv",
    key="export_csv",
    icon=":material/download:",
    on_click="ignore",
)
st.caption(
    "Elk cijfer per regio, gemeente en Nederland, per jaar en indicator, onafgerond en met de "
    "CBS-tabellen waar het uit komt; voor eigen analyses (punt als decimaalteken)."
)

st.subheader("Indicatoren", anchor=False)
# A list, not a table: seven columns of definitions did not fit beside the sidebar at 1280 px, and
# a table that scrolls sideways cannot be reached with the keyboard (axe: scrollable-region-focusable).
for row in indicators_overview().to_dict("records"):
    st.markdown(
        f"**{md_inline(row['Indicator'])}** ({md_inline(row['Eenheid'])}) — {md_inline(row['Definitie'])}  \n"
        f"*Regiocijfer:* {md_inline(row['Zo maken we het regiocijfer'])} · *Gepubliceerd op:* "
        f"{md_inline(row['Gepubliceerd op'])} · *Benadering:* {row['Benadering']} · *CBS-tabel(len):* "
        f"{md_inline(row['CBS-tabel(len)'])}"
    )
st.markdown(
    "- **Bijstand** telt personen (niet uitkeringen) tot de AOW-leeftijd met een algemene "
    "bijstandsuitkering. "
    "CBS publiceert maandcijfers; als jaarcijfer nemen we de stand in **december**.\n"
    "- **Bijstand per 1.000 inwoners** deelt die personen door de inwoners van **15 jaar en ouder "
    "aan het eind van hetzelfde jaar** (CBS-bevolking op 1 januari van het jaar erna), de noemer "
    "van CBS' eigen bijstandsdichtheid. Inwoners van 15 en ouder = alle inwoners min de losse "
    "leeftijden 0 tot en met 14 jaar. Is 1 januari van het jaar erna nog niet gepubliceerd, dan "
    "delen we door 1 januari van hetzelfde jaar en staat dat onder de grafiek.\n"
    "- **Regiocodes veranderen:** FoodValley had tot en met de indeling van 2016 code AM31 en "
    "heet sinds 2017 AM38. Oudere jaren tellen we onder de huidige regio; de code die CBS toen "
    "gebruikte staat in de export. Een code die het dashboard niet kent, stopt het vernieuwen.\n"
    "- **Regio-indeling per jaar:** een cijfer voor jaar J wordt opgeteld met de indeling in "
    "arbeidsmarktregio's van jaar J (CBS-tabellen *Gebieden in Nederland*), omdat gemeenten "
    "fuseren en van regio wisselen.\n"
    "- **Economische groei (bbp)** bestaat alleen per COROP-gebied. Het regiocijfer is een "
    "**benadering**: de COROP-groei gewogen met de bevolking van het deel van de regio in elk COROP-gebied.\n"
    "- **Ontbrekende gemeenten:** als gemeenten zonder cijfer samen meer dan 2% van de inwoners van een "
    "regio hebben, tonen we voor die regio geen cijfer (liever geen cijfer dan een te laag cijfer).\n"
    "- **Voorlopige cijfers** zijn in grafieken gemarkeerd met een sterretje (*)."
)

st.subheader("Controle: regio's opgeteld tegen het landelijk totaal", anchor=False)
st.write(
    "Het landelijke CBS-cijfer bevat ook mensen van wie de woongemeente onbekend is (enkele "
    "honderden). Maar CBS rondt elk gemeentecijfer apart af op tientallen: over ruim 340 "
    "gemeenten kan de som daardoor tot de **afrondingsmarge** afwijken van het landelijke "
    "cijfer, en die marge is groter dan de groep zonder bekende gemeente. Een verschil binnen de "
    "marge zegt dus niets over die groep; het is vooral afronding."
)
show_table(quality_overview(snapshot))

st.subheader("Controle: onze regiocijfers tegen die van CBS zelf", anchor=False)
check_summary, check_mismatches = cbs_check_overview(snapshot)
if check_summary.empty:
    st.write(
        "Voor deze gegevens is geen vergelijking met CBS' eigen regiocijfers beschikbaar "
        "(CBS publiceerde bijstand per arbeidsmarktregio alleen tot en met 2017)."
    )
else:
    st.write(
        "Tot en met 2017 publiceerde CBS zelf bijstand per arbeidsmarktregio (tabellen "
        "*Sociale zekerheid; bijstand, re-integratie en WSW, gemeenten*). Wij tellen de gemeenten "
        "op; per jaar staat hier hoeveel regio's binnen de afronding van CBS uitkomen (5 per "
        "opgetelde gemeente plus 5 voor CBS' eigen cijfer). CBS telt daar personen met algemene "
        "bijstand van 15 jaar tot de AOW-leeftijd; wij personen tot de AOW-leeftijd met bijstand "
        "uit de Participatiewet, in december."
    )
    show_table(check_summary)
    if check_mismatches.empty:
        st.success("Alle vergeleken regio's komen binnen de afronding overeen.")
    else:
        st.warning(f"{len(check_mismatches)} regio-jaar(en) wijken meer af dan de afronding verklaart:")
        show_table(check_mismatches)
for note in snapshot.derived.notes:
    st.info(md(note))
