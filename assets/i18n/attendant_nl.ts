<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl" sourcelanguage="en">
<context>
    <name>AddItemDialog</name>
    <message>
        <source>Search by name, or scan or type the barcode.</source>
        <translation>Zoek op naam, of scan of typ de barcode.</translation>
    </message>
    <message>
        <source>Add to the cart</source>
        <translation>In de winkelwagen</translation>
    </message>
    <message>
        <source>Product name, e.g. banana</source>
        <translation>Productnaam, bijvoorbeeld banaan</translation>
    </message>
    <message>
        <source>Barcode or product code</source>
        <translation>Barcode of productcode</translation>
    </message>
    <message>
        <source>Quantity: </source>
        <translation>Aantal: </translation>
    </message>
</context>
<context>
    <name>CallCard</name>
    <message>
        <source>New</source>
        <translation>Nieuw</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wacht</translation>
    </message>
    <message>
        <source>Waiting long</source>
        <translation>Wacht lang</translation>
    </message>
    <message>
        <source>{reason} (escalated)</source>
        <translation>{reason} (dringend)</translation>
    </message>
    <message>
        <source>Show the lane</source>
        <translation>Kassa bekijken</translation>
    </message>
</context>
<context>
    <name>ConsoleTexts</name>
    <message>
        <source>Log in first.</source>
        <translation>Log eerst in.</translation>
    </message>
    <message>
        <source>Your staff account is switched off.</source>
        <translation>Je personeelsaccount staat uit.</translation>
    </message>
    <message>
        <source>Only a supervisor may do this.</source>
        <translation>Alleen een leidinggevende mag dit.</translation>
    </message>
    <message>
        <source>Only a technician may do this.</source>
        <translation>Alleen een technicus mag dit.</translation>
    </message>
    <message>
        <source>Only attendants and supervisors help shoppers.</source>
        <translation>Alleen medewerkers en leidinggevenden helpen klanten.</translation>
    </message>
    <message>
        <source>The lane is offline.</source>
        <translation>De kassa is offline.</translation>
    </message>
    <message>
        <source>No connection with the store network.</source>
        <translation>Geen verbinding met het winkelnetwerk.</translation>
    </message>
    <message>
        <source>There is no open help call.</source>
        <translation>Er is geen open hulpvraag.</translation>
    </message>
    <message>
        <source>No age check is waiting.</source>
        <translation>Er wacht geen leeftijdscontrole.</translation>
    </message>
    <message>
        <source>No removal is waiting for approval.</source>
        <translation>Er wacht geen verwijdering op goedkeuring.</translation>
    </message>
    <message>
        <source>No shopper is checking out.</source>
        <translation>Er rekent geen klant af.</translation>
    </message>
    <message>
        <source>Pick an item in the cart first.</source>
        <translation>Kies eerst een artikel in de winkelwagen.</translation>
    </message>
    <message>
        <source>There is no purchase to print.</source>
        <translation>Er is geen aankoop om te printen.</translation>
    </message>
    <message>
        <source>The lane is closed already.</source>
        <translation>De kassa is al gesloten.</translation>
    </message>
    <message>
        <source>The lane is open already.</source>
        <translation>De kassa is al open.</translation>
    </message>
    <message>
        <source>What was typed cannot be sent to the lane.</source>
        <translation>Wat is ingetypt, kan niet naar de kassa worden gestuurd.</translation>
    </message>
    <message>
        <source>Not possible now.</source>
        <translation>Nu niet mogelijk.</translation>
    </message>
    <message>
        <source>{lane}: “{action}” sent. Waiting for the lane…</source>
        <translation>{lane}: „{action}” verstuurd. Wacht op de kassa…</translation>
    </message>
    <message>
        <source>{lane}: “{action}” done.</source>
        <translation>{lane}: „{action}” gedaan.</translation>
    </message>
    <message>
        <source>{device}: {state}</source>
        <translation>{device}: {state}</translation>
    </message>
    <message>
        <source>{name} took this call first</source>
        <translation>{name} nam deze hulpvraag als eerste aan</translation>
    </message>
    <message>
        <source>{lane} did not do “{action}”: {reason}.</source>
        <translation>{lane} heeft „{action}” niet gedaan: {reason}.</translation>
    </message>
    <message>
        <source>{lane} did not answer “{action}” in time. Look at the lane, and try again if needed.</source>
        <translation>{lane} gaf op tijd geen antwoord op „{action}”. Kijk bij de kassa en probeer het zo nodig opnieuw.</translation>
    </message>
    <message>
        <source>“{action}” is not possible: {reason}</source>
        <translation>„{action}” kan niet: {reason}</translation>
    </message>
    <message>
        <source>“{action}” was not sent: {reason} Try again in a moment.</source>
        <translation>„{action}” is niet verstuurd: {reason} Probeer het zo opnieuw.</translation>
    </message>
    <message>
        <source>“{action}” was not sent: {reason}</source>
        <translation>„{action}” is niet verstuurd: {reason}</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Offline since {time}</source>
        <translation>Offline sinds {time}</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Online, no news yet</source>
        <translation>Online, nog geen gegevens</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Vrij</translation>
    </message>
    <message>
        <source>Needs help</source>
        <translation>Heeft hulp nodig</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>Wacht op goedkeuring</translation>
    </message>
    <message>
        <source>Closed by staff</source>
        <translation>Gesloten door personeel</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>Buiten gebruik</translation>
    </message>
    <message>
        <source>Staff at the lane</source>
        <translation>Personeel bij de kassa</translation>
    </message>
    <message>
        <source>Shopping</source>
        <translation>Aan het scannen</translation>
    </message>
    <message>
        <source>Devices: not reported</source>
        <translation>Apparaten: niet gemeld</translation>
    </message>
    <message>
        <source>All devices working</source>
        <translation>Alle apparaten werken</translation>
    </message>
    <message>
        <source>{device}: {problem}</source>
        <translation>{device}: {problem}</translation>
    </message>
    <message>
        <source>(+{count} more)</source>
        <translation>(+{count} meer)</translation>
    </message>
    <message>
        <source>Waiting for staff</source>
        <translation>Wacht op personeel</translation>
    </message>
    <message>
        <source>Paying</source>
        <translation>Betaalt</translation>
    </message>
    <message>
        <source>Card declined</source>
        <translation>Kaart geweigerd</translation>
    </message>
    <message>
        <source>Checking the payment</source>
        <translation>Betaling wordt gecontroleerd</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Bon</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>Beoordeling</translation>
    </message>
    <message>
        <source>Shopper inactive?</source>
        <translation>Klant nog bezig?</translation>
    </message>
    <message>
        <source>Cart set aside</source>
        <translation>Winkelwagen geparkeerd</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <source>Item not found</source>
        <translation>Artikel niet gevonden</translation>
    </message>
    <message>
        <source>Age check</source>
        <translation>Leeftijdscontrole</translation>
    </message>
    <message>
        <source>Approve removing an item</source>
        <translation>Verwijderen goedkeuren</translation>
    </message>
    <message>
        <source>Payment unclear</source>
        <translation>Betaling onduidelijk</translation>
    </message>
    <message>
        <source>Device problem</source>
        <translation>Storing apparaat</translation>
    </message>
    <message>
        <source>Shopper asks for help</source>
        <translation>Klant vraagt om hulp</translation>
    </message>
    <message>
        <source>Shopper inactive</source>
        <translation>Klant niet actief</translation>
    </message>
    <message>
        <source>an item will not scan</source>
        <translation>een artikel scant niet</translation>
    </message>
    <message>
        <source>a question about a price</source>
        <translation>een vraag over een prijs</translation>
    </message>
    <message>
        <source>bags</source>
        <translation>tassen</translation>
    </message>
    <message>
        <source>another question</source>
        <translation>een andere vraag</translation>
    </message>
    <message>
        <source>Scanner</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Weegschaal</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>Bonprinter</translation>
    </message>
    <message>
        <source>Card terminal</source>
        <translation>Pinautomaat</translation>
    </message>
    <message>
        <source>Lane light</source>
        <translation>Kassalamp</translation>
    </message>
    <message>
        <source>working</source>
        <translation>werkt</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>niet aangesloten</translation>
    </message>
    <message>
        <source>fault</source>
        <translation>storing</translation>
    </message>
    <message>
        <source>switched off</source>
        <translation>uitgeschakeld</translation>
    </message>
    <message>
        <source>unplugged</source>
        <translation>losgekoppeld</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>niet gevonden</translation>
    </message>
    <message>
        <source>no access</source>
        <translation>geen toegang</translation>
    </message>
    <message>
        <source>does not answer</source>
        <translation>reageert niet</translation>
    </message>
    <message>
        <source>unexpected answer</source>
        <translation>onverwacht antwoord</translation>
    </message>
    <message>
        <source>paper is out</source>
        <translation>papier is op</translation>
    </message>
    <message>
        <source>cover is open</source>
        <translation>klep staat open</translation>
    </message>
    <message>
        <source>paper cutter stuck</source>
        <translation>papiersnijder vast</translation>
    </message>
    <message>
        <source>mechanical fault</source>
        <translation>mechanische storing</translation>
    </message>
    <message>
        <source>needs a restart</source>
        <translation>moet opnieuw opstarten</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>connection lost</source>
        <translation>verbinding verbroken</translation>
    </message>
    <message>
        <source>busy</source>
        <translation>bezet</translation>
    </message>
    <message>
        <source>not registered</source>
        <translation>niet aangemeld</translation>
    </message>
    <message>
        <source>outcome unknown</source>
        <translation>uitkomst onbekend</translation>
    </message>
    <message>
        <source>overloaded</source>
        <translation>overbelast</translation>
    </message>
    <message>
        <source>below zero</source>
        <translation>onder nul</translation>
    </message>
    <message>
        <source>shopper did not act</source>
        <translation>klant deed niets</translation>
    </message>
    <message>
        <source>other fault</source>
        <translation>andere storing</translation>
    </message>
    <message>
        <source>refused by the bank</source>
        <translation>geweigerd door de bank</translation>
    </message>
    <message>
        <source>not enough money</source>
        <translation>onvoldoende saldo</translation>
    </message>
    <message>
        <source>card not accepted</source>
        <translation>kaart niet geaccepteerd</translation>
    </message>
    <message>
        <source>wrong PIN</source>
        <translation>verkeerde pincode</translation>
    </message>
    <message>
        <source>card must be inserted</source>
        <translation>kaart moet in de automaat</translation>
    </message>
    <message>
        <source>card expired</source>
        <translation>kaart verlopen</translation>
    </message>
    <message>
        <source>card unreadable</source>
        <translation>kaart onleesbaar</translation>
    </message>
    <message>
        <source>stopped by the shopper</source>
        <translation>gestopt door de klant</translation>
    </message>
    <message>
        <source>stopped by the lane</source>
        <translation>gestopt door de kassa</translation>
    </message>
    <message>
        <source>not processed</source>
        <translation>niet verwerkt</translation>
    </message>
    <message>
        <source>terminal busy</source>
        <translation>pinautomaat bezet</translation>
    </message>
    <message>
        <source>took too long</source>
        <translation>duurde te lang</translation>
    </message>
    <message>
        <source>terminal error</source>
        <translation>fout in de pinautomaat</translation>
    </message>
    <message>
        <source>other reason</source>
        <translation>andere reden</translation>
    </message>
    <message>
        <source>off</source>
        <translation>uit</translation>
    </message>
    <message>
        <source>green</source>
        <translation>groen</translation>
    </message>
    <message>
        <source>amber</source>
        <translation>oranje</translation>
    </message>
    <message>
        <source>red</source>
        <translation>rood</translation>
    </message>
    <message>
        <source>it reached the lane too late; try again</source>
        <translation>het kwam te laat aan bij de kassa; probeer opnieuw</translation>
    </message>
    <message>
        <source>the shopper&apos;s transaction has changed; look again</source>
        <translation>de aankoop van de klant is veranderd; kijk opnieuw</translation>
    </message>
    <message>
        <source>your role may not do this</source>
        <translation>jouw rol mag dit niet</translation>
    </message>
    <message>
        <source>a colleague took this call first</source>
        <translation>een collega nam deze hulpvraag als eerste aan</translation>
    </message>
    <message>
        <source>the lane does not know this call</source>
        <translation>de kassa kent deze hulpvraag niet</translation>
    </message>
    <message>
        <source>the call is closed already</source>
        <translation>de hulpvraag is al gesloten</translation>
    </message>
    <message>
        <source>this item is no longer in the cart</source>
        <translation>dit artikel staat niet meer in de winkelwagen</translation>
    </message>
    <message>
        <source>this code is not in the catalog</source>
        <translation>deze code staat niet in het assortiment</translation>
    </message>
    <message>
        <source>the lane cannot do this now</source>
        <translation>de kassa kan dit nu niet</translation>
    </message>
    <message>
        <source>the lane did not understand it</source>
        <translation>de kassa begreep het niet</translation>
    </message>
    <message>
        <source>this lane&apos;s software does not know it yet</source>
        <translation>de software van deze kassa kent dit nog niet</translation>
    </message>
    <message>
        <source>a device of the lane failed</source>
        <translation>een apparaat van de kassa faalde</translation>
    </message>
    <message>
        <source>Attendant</source>
        <translation>Medewerker</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Leidinggevende</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Technicus</translation>
    </message>
    <message>
        <source>On my way</source>
        <translation>Ik kom eraan</translation>
    </message>
    <message>
        <source>Take the call</source>
        <translation>Hulpvraag aannemen</translation>
    </message>
    <message>
        <source>Age OK</source>
        <translation>Leeftijd OK</translation>
    </message>
    <message>
        <source>Age not shown</source>
        <translation>Leeftijd niet aangetoond</translation>
    </message>
    <message>
        <source>Allow removal</source>
        <translation>Verwijderen toestaan</translation>
    </message>
    <message>
        <source>Refuse removal</source>
        <translation>Verwijderen weigeren</translation>
    </message>
    <message>
        <source>Add an item</source>
        <translation>Artikel toevoegen</translation>
    </message>
    <message>
        <source>Remove the item</source>
        <translation>Artikel verwijderen</translation>
    </message>
    <message>
        <source>Cancel the purchase</source>
        <translation>Aankoop annuleren</translation>
    </message>
    <message>
        <source>Reverse the card payment</source>
        <translation>Pinbetaling terugdraaien</translation>
    </message>
    <message>
        <source>Close the lane</source>
        <translation>Kassa sluiten</translation>
    </message>
    <message>
        <source>Open the lane</source>
        <translation>Kassa openen</translation>
    </message>
    <message>
        <source>Paid at the service desk</source>
        <translation>Betaald bij de servicebalie</translation>
    </message>
    <message>
        <source>Print the receipt again</source>
        <translation>Bon opnieuw printen</translation>
    </message>
    <message>
        <source>Check the devices</source>
        <translation>Apparaten controleren</translation>
    </message>
    <message>
        <source>Done: close the call</source>
        <translation>Klaar: hulpvraag sluiten</translation>
    </message>
    <message>
        <source>Keyed in an item</source>
        <translation>Artikel ingetoetst</translation>
    </message>
    <message>
        <source>Answered a help call</source>
        <translation>Hulpvraag beantwoord</translation>
    </message>
    <message>
        <source>Settled the payment</source>
        <translation>Betaling afgehandeld</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Inloggen</translation>
    </message>
    <message>
        <source>{colour}, flashing</source>
        <translation>{colour}, knipperend</translation>
    </message>
    <message>
        <source>{light}, buzzer on</source>
        <translation>{light}, zoemer aan</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} s</translation>
    </message>
    <message>
        <source>{minutes} min</source>
        <translation>{minutes} min</translation>
    </message>
    <message>
        <source>{hours} h {minutes} min</source>
        <translation>{hours} u {minutes} min</translation>
    </message>
    <message>
        <source>Asks about: {topic}</source>
        <translation>Vraagt over: {topic}</translation>
    </message>
    <message>
        <source>Code {code}</source>
        <translation>Code {code}</translation>
    </message>
    <message>
        <source>Amount {amount}</source>
        <translation>Bedrag {amount}</translation>
    </message>
    <message>
        <source>Declined: {reason}</source>
        <translation>Geweigerd: {reason}</translation>
    </message>
    <message>
        <source>In the cart: {total}</source>
        <translation>In de winkelwagen: {total}</translation>
    </message>
    <message>
        <source>Someone is on the way</source>
        <translation>Er komt iemand aan</translation>
    </message>
    <message>
        <source>Nobody is on the way yet</source>
        <translation>Er komt nog niemand aan</translation>
    </message>
    <message>
        <source>{name} is on the way</source>
        <translation>{name} komt eraan</translation>
    </message>
    <message>
        <source>{name} took the call</source>
        <translation>{name} heeft de hulpvraag aangenomen</translation>
    </message>
</context>
<context>
    <name>ConsoleWindow</name>
    <message>
        <source>Connected to the lanes</source>
        <translation>Verbonden met de kassa’s</translation>
    </message>
    <message>
        <source>No connection with the lanes: trying again</source>
        <translation>Geen verbinding met de kassa’s: probeert opnieuw</translation>
    </message>
    <message>
        <source>Service desk · {store}</source>
        <translation>Servicebalie · {store}</translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation>Niet ingelogd</translation>
    </message>
    <message>
        <source>Lanes</source>
        <translation>Kassa’s</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>Cijfers</translation>
    </message>
    <message>
        <source>Nederlands</source>
        <translation>English</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Uitloggen</translation>
    </message>
</context>
<context>
    <name>FiguresPanel</name>
    <message>
        <source>{start} to {end}</source>
        <translation>{start} tot {end}</translation>
    </message>
    <message numerus="yes">
        <source>%n call(s)</source>
        <translation>
            <numerusform>%n hulpvraag</numerusform>
            <numerusform>%n hulpvragen</numerusform>
        </translation>
    </message>
    <message>
        <source>{rate} per hour</source>
        <translation>{rate} per uur</translation>
    </message>
    <message>
        <source>{time} until someone comes</source>
        <translation>{time} tot er iemand komt</translation>
    </message>
    <message>
        <source>Until someone is on the way: half within {p50}, 9 in 10 within {p90}</source>
        <translation>Tot er iemand aankomt: de helft binnen {p50}, 9 van de 10 binnen {p90}</translation>
    </message>
    <message>
        <source>Until the call is closed: half within {p50}, 9 in 10 within {p90}</source>
        <translation>Tot de hulpvraag gesloten is: de helft binnen {p50}, 9 van de 10 binnen {p90}</translation>
    </message>
    <message>
        <source>Calls counted: {count}</source>
        <translation>Getelde hulpvragen: {count}</translation>
    </message>
    <message>
        <source>{ratio} per 100 purchases</source>
        <translation>{ratio} per 100 aankopen</translation>
    </message>
    <message>
        <source>Purchases: {count}</source>
        <translation>Aankopen: {count}</translation>
    </message>
    <message>
        <source>Staff interventions: {count}</source>
        <translation>Ingrepen door personeel: {count}</translation>
    </message>
    <message>
        <source>Interventions per 100 purchases: {ratio}</source>
        <translation>Ingrepen per 100 aankopen: {ratio}</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>onbekend</translation>
    </message>
    <message>
        <source>{mean} of 5</source>
        <translation>{mean} van de 5</translation>
    </message>
    <message numerus="yes">
        <source>Average {mean} of 5 from %n rating(s)</source>
        <translation>
            <numerusform>Gemiddeld {mean} van de 5 uit %n beoordeling</numerusform>
            <numerusform>Gemiddeld {mean} van de 5 uit %n beoordelingen</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the service figures</source>
        <translation>Servicecijfers opslaan</translation>
    </message>
    <message>
        <source>Saved: {path}</source>
        <translation>Opgeslagen: {path}</translation>
    </message>
    <message>
        <source>Not saved: {problem}. Pick another folder.</source>
        <translation>Niet opgeslagen: {problem}. Kies een andere map.</translation>
    </message>
    <message>
        <source>The figures are still being counted. Try again in a moment.</source>
        <translation>De cijfers worden nog geteld. Probeer het zo opnieuw.</translation>
    </message>
    <message>
        <source>The figures could not be counted. Try again, or ask the technician.</source>
        <translation>De cijfers konden niet worden geteld. Probeer opnieuw, of vraag de technicus.</translation>
    </message>
    <message>
        <source>Service figures</source>
        <translation>Servicecijfers</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Vandaag</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Laatste 7 dagen</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>CSV exporteren</translation>
    </message>
    <message>
        <source>Help calls by reason</source>
        <translation>Hulpvragen per reden</translation>
    </message>
    <message>
        <source>Waiting times</source>
        <translation>Wachttijden</translation>
    </message>
    <message>
        <source>Purchases and interventions</source>
        <translation>Aankopen en ingrepen</translation>
    </message>
    <message>
        <source>Declined card payments by cause</source>
        <translation>Geweigerde pinbetalingen per oorzaak</translation>
    </message>
    <message>
        <source>Shoppers&apos; rating of the help</source>
        <translation>Beoordeling van de hulp door klanten</translation>
    </message>
    <message>
        <source>Device faults per lane</source>
        <translation>Storingen per kassa</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reden</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Hulpvragen</translation>
    </message>
    <message>
        <source>Per hour</source>
        <translation>Per uur</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>Oorzaak</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Aantal</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Bedrag</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>Kassa</translation>
    </message>
    <message>
        <source>Faults</source>
        <translation>Storingen</translation>
    </message>
</context>
<context>
    <name>HelpQueueView</name>
    <message numerus="yes">
        <source>Help calls (%n)</source>
        <translation>
            <numerusform>Hulpvragen (%n)</numerusform>
            <numerusform>Hulpvragen (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Help calls</source>
        <translation>Hulpvragen</translation>
    </message>
    <message>
        <source>Nobody is waiting for help. New calls appear here, with a sound.</source>
        <translation>Niemand wacht op hulp. Nieuwe hulpvragen verschijnen hier, met een geluid.</translation>
    </message>
</context>
<context>
    <name>LaneDetailPage</name>
    <message>
        <source>{state} for {time}</source>
        <translation>{state}, al {time}</translation>
    </message>
    <message>
        <source>{name} is at the lane</source>
        <translation>{name} is bij de kassa</translation>
    </message>
    <message>
        <source>{device}: {state}</source>
        <translation>{device}: {state}</translation>
    </message>
    <message>
        <source>Lane light: {light}</source>
        <translation>Kassalamp: {light}</translation>
    </message>
    <message>
        <source>No events stored yet.</source>
        <translation>Nog geen gebeurtenissen opgeslagen.</translation>
    </message>
    <message>
        <source>{grams} g</source>
        <translation>{grams} g</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) · total {total}</source>
        <translation>
            <numerusform>%n artikel · totaal {total}</numerusform>
            <numerusform>%n artikelen · totaal {total}</numerusform>
        </translation>
    </message>
    <message>
        <source>Payment of {amount}: {status}</source>
        <translation>Betaling van {amount}: {status}</translation>
    </message>
    <message>
        <source>at the card terminal</source>
        <translation>bij de pinautomaat</translation>
    </message>
    <message>
        <source>outcome unclear, being checked</source>
        <translation>uitkomst onduidelijk, wordt gecontroleerd</translation>
    </message>
    <message>
        <source>declined</source>
        <translation>geweigerd</translation>
    </message>
    <message>
        <source>No open help calls.</source>
        <translation>Geen open hulpvragen.</translation>
    </message>
    <message>
        <source>Help call: {reason}</source>
        <translation>Hulpvraag: {reason}</translation>
    </message>
    <message>
        <source>Help call: {reason}, {who}</source>
        <translation>Hulpvraag: {reason}, {who}</translation>
    </message>
    <message>
        <source>Help call closed: {reason}</source>
        <translation>Hulpvraag gesloten: {reason}</translation>
    </message>
    <message>
        <source>The shopper rated the help {rating} of 5</source>
        <translation>De klant gaf de hulp {rating} van de 5</translation>
    </message>
    <message>
        <source>at the lane</source>
        <translation>bij de kassa</translation>
    </message>
    <message>
        <source>{name} ({where}): {action}</source>
        <translation>{name} ({where}): {action}</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>betaald</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>geannuleerd</translation>
    </message>
    <message>
        <source>set aside</source>
        <translation>geparkeerd</translation>
    </message>
    <message>
        <source>paid at the service desk</source>
        <translation>betaald bij de servicebalie</translation>
    </message>
    <message>
        <source>Purchase {outcome}: {total}</source>
        <translation>Aankoop {outcome}: {total}</translation>
    </message>
    <message>
        <source>Fault: {device}, {problem}</source>
        <translation>Storing: {device}, {problem}</translation>
    </message>
    <message>
        <source>Working again: {device}</source>
        <translation>Werkt weer: {device}</translation>
    </message>
    <message>
        <source>{action}: {reason}</source>
        <translation>{action}: {reason}</translation>
    </message>
    <message>
        <source>Age OK at {lane}?</source>
        <translation>Leeftijd OK bij {lane}?</translation>
    </message>
    <message>
        <source>Only when you have seen an ID that shows the shopper is old enough.</source>
        <translation>Alleen als je een legitimatie hebt gezien waaruit blijkt dat de klant oud genoeg is.</translation>
    </message>
    <message>
        <source>No proof of age at {lane}?</source>
        <translation>Geen bewijs van leeftijd bij {lane}?</translation>
    </message>
    <message>
        <source>The items with an age limit are taken off the receipt.</source>
        <translation>De artikelen met een leeftijdsgrens gaan van de bon af.</translation>
    </message>
    <message>
        <source>Add an item at {lane}</source>
        <translation>Artikel toevoegen bij {lane}</translation>
    </message>
    <message>
        <source>Remove this item at {lane}?</source>
        <translation>Dit artikel verwijderen bij {lane}?</translation>
    </message>
    <message>
        <source>Cancel the whole purchase at {lane}?</source>
        <translation>De hele aankoop annuleren bij {lane}?</translation>
    </message>
    <message>
        <source>The cart is emptied and the shopper has not paid. This cannot be undone.</source>
        <translation>De winkelwagen wordt leeggemaakt en de klant heeft niet betaald. Dit kan niet ongedaan worden gemaakt.</translation>
    </message>
    <message>
        <source>Paid at the service desk for {lane}?</source>
        <translation>Betaald bij de servicebalie voor {lane}?</translation>
    </message>
    <message>
        <source>Only when the shopper paid {total} at the desk. The lane closes the purchase.</source>
        <translation>Alleen als de klant {total} bij de balie heeft betaald. De kassa sluit de aankoop af.</translation>
    </message>
    <message>
        <source>Reverse the card payment at {lane}?</source>
        <translation>De pinbetaling terugdraaien bij {lane}?</translation>
    </message>
    <message>
        <source>The money goes back to the shopper&apos;s card. This cannot be undone.</source>
        <translation>Het geld gaat terug naar de kaart van de klant. Dit kan niet ongedaan worden gemaakt.</translation>
    </message>
    <message>
        <source>Close {lane}?</source>
        <translation>{lane} sluiten?</translation>
    </message>
    <message>
        <source>Shoppers cannot start there until it is opened again. Why? (optional)</source>
        <translation>Klanten kunnen daar pas weer beginnen als de kassa open is. Waarom? (mag leeg)</translation>
    </message>
    <message>
        <source>Close the help call at {lane}</source>
        <translation>Hulpvraag sluiten bij {lane}</translation>
    </message>
    <message>
        <source>Helped</source>
        <translation>Geholpen</translation>
    </message>
    <message>
        <source>Item keyed in</source>
        <translation>Artikel ingetoetst</translation>
    </message>
    <message>
        <source>Shopper left</source>
        <translation>Klant is weg</translation>
    </message>
    <message>
        <source>Nothing needed</source>
        <translation>Niets nodig</translation>
    </message>
    <message>
        <source>All lanes</source>
        <translation>Alle kassa’s</translation>
    </message>
    <message>
        <source>Cart</source>
        <translation>Winkelwagen</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Prijs</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Aantal</translation>
    </message>
    <message>
        <source>Help calls: pick one to act on it</source>
        <translation>Hulpvragen: kies er een om mee te werken</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Apparaten</translation>
    </message>
    <message>
        <source>Recent events</source>
        <translation>Recente gebeurtenissen</translation>
    </message>
    <message>
        <source>The help call</source>
        <translation>De hulpvraag</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Goedkeuringen</translation>
    </message>
    <message>
        <source>Cart and payment</source>
        <translation>Winkelwagen en betaling</translation>
    </message>
    <message>
        <source>The lane</source>
        <translation>De kassa</translation>
    </message>
</context>
<context>
    <name>LaneTile</name>
    <message>
        <source>No purchase</source>
        <translation>Geen aankoop</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) · {total}</source>
        <translation>
            <numerusform>%n artikel · {total}</numerusform>
            <numerusform>%n artikelen · {total}</numerusform>
        </translation>
    </message>
    <message>
        <source>Last known: {state}</source>
        <translation>Laatst bekend: {state}</translation>
    </message>
    <message>
        <source>{state} for {time}</source>
        <translation>{state}, al {time}</translation>
    </message>
    <message>
        <source>Lane light: {light}</source>
        <translation>Kassalamp: {light}</translation>
    </message>
    <message numerus="yes">
        <source>%n help call(s) open</source>
        <translation>
            <numerusform>%n hulpvraag open</numerusform>
            <numerusform>%n hulpvragen open</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Login number or PIN not accepted. Check them and try again.</source>
        <translation>Inlognummer of pincode niet geaccepteerd. Controleer ze en probeer opnieuw.</translation>
    </message>
    <message>
        <source>Too many failed attempts. Logging in here is blocked until {until}. A supervisor can lift the block sooner.</source>
        <translation>Te vaak geprobeerd. Inloggen is hier geblokkeerd tot {until}. Een leidinggevende kan de blokkade eerder opheffen.</translation>
    </message>
    <message>
        <source>This staff account is switched off. Ask a supervisor.</source>
        <translation>Dit personeelsaccount staat uit. Vraag een leidinggevende.</translation>
    </message>
    <message>
        <source>Logging in is not possible: the staff list cannot be opened. Ask a supervisor or the technician.</source>
        <translation>Inloggen kan niet: de personeelslijst is niet te openen. Vraag een leidinggevende of de technicus.</translation>
    </message>
    <message>
        <source>Type your login number first.</source>
        <translation>Typ eerst je inlognummer.</translation>
    </message>
    <message>
        <source>Type your PIN.</source>
        <translation>Typ je pincode.</translation>
    </message>
    <message>
        <source>Scan your badge, or type its code.</source>
        <translation>Scan je pas, of typ de code.</translation>
    </message>
    <message>
        <source>You were logged out because the console was not used for a while. Log in again to go on.</source>
        <translation>Je bent uitgelogd omdat de console een tijd niet is gebruikt. Log opnieuw in om verder te gaan.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Controleren…</translation>
    </message>
    <message>
        <source>Logging in did not work. Try again, or ask the technician.</source>
        <translation>Inloggen lukte niet. Probeer opnieuw, of vraag de technicus.</translation>
    </message>
    <message>
        <source>Log in to the service desk</source>
        <translation>Inloggen bij de servicebalie</translation>
    </message>
    <message>
        <source>Login number and PIN</source>
        <translation>Inlognummer en pincode</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>Pas</translation>
    </message>
    <message>
        <source>Login number</source>
        <translation>Inlognummer</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>Pincode</translation>
    </message>
    <message>
        <source>Hold your badge to the reader, or type its code.</source>
        <translation>Houd je pas bij de lezer, of typ de code.</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Inloggen</translation>
    </message>
</context>
<context>
    <name>OutcomeDialog</name>
    <message>
        <source>How did it end? Tap one, or type it.</source>
        <translation>Hoe is het afgelopen? Tik er een aan, of typ het.</translation>
    </message>
    <message>
        <source>Close the call</source>
        <translation>Hulpvraag sluiten</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Delete</source>
        <translation>Wissen</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Inloggen</translation>
    </message>
</context>
</TS>
