<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl" sourcelanguage="en">
<context>
    <name>AttractScreen</name>
    <message>
        <source>Scan your first product to start</source>
        <translation>Scan je eerste product om te beginnen</translation>
    </message>
    <message>
        <source>Hold the barcode over the glass until you hear a beep.</source>
        <translation>Houd de streepjescode boven het glas tot je een piep hoort.</translation>
    </message>
    <message>
        <source>Tap to start</source>
        <translation>Tik om te beginnen</translation>
    </message>
</context>
<context>
    <name>AwaitingAttendantScreen</name>
    <message>
        <source>A staff member is coming to you</source>
        <translation>Er komt een medewerker naar je toe</translation>
    </message>
    <message>
        <source>Some items are for adults only. A staff member checks your age.</source>
        <translation>Sommige artikelen zijn alleen voor volwassenen. Een medewerker controleert je leeftijd.</translation>
    </message>
    <message>
        <source>A staff member approves removing an item.</source>
        <translation>Een medewerker keurt het weghalen van een artikel goed.</translation>
    </message>
    <message>
        <source>Nothing is wrong. Please wait here; then you can pay.</source>
        <translation>Er is niets mis. Wacht hier even; daarna kun je betalen.</translation>
    </message>
    <message>
        <source>{name} is on the way</source>
        <translation>{name} komt eraan</translation>
    </message>
    <message>
        <source>Help is called</source>
        <translation>Er is hulp geroepen</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Medewerker</translation>
    </message>
</context>
<context>
    <name>BagsPage</name>
    <message>
        <source>Bags</source>
        <translation>Tassen</translation>
    </message>
    <message>
        <source>Tap a bag to add one. Tap again for one more.</source>
        <translation>Tik op een tas om er een toe te voegen. Tik nog eens voor nog een.</translation>
    </message>
</context>
<context>
    <name>CartDelegate</name>
    <message>
        <source>{weight} x {price} per kg</source>
        <translation>{weight} à {price} per kilo</translation>
    </message>
    <message>
        <source>{count} x {price}</source>
        <translation>{count} stuks à {price}</translation>
    </message>
    <message>
        <source>Deposit, you get it back on the empty bottle</source>
        <translation>Statiegeld, je krijgt het terug voor de lege fles</translation>
    </message>
    <message>
        <source>Discount {amount}</source>
        <translation>Korting {amount}</translation>
    </message>
    <message>
        <source>A staff member will check your age. You can keep scanning.</source>
        <translation>Een medewerker controleert je leeftijd. Je kunt verder scannen.</translation>
    </message>
    <message>
        <source>Age {age}+</source>
        <translation>Leeftijd {age}+</translation>
    </message>
</context>
<context>
    <name>DeclinedScreen</name>
    <message>
        <source>Paying did not work</source>
        <translation>Betalen is niet gelukt</translation>
    </message>
    <message>
        <source>Pay at the service desk</source>
        <translation>Betalen bij de servicebalie</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Opnieuw proberen</translation>
    </message>
</context>
<context>
    <name>DiagnosticsScreen</name>
    <message>
        <source>Scanner</source>
        <translation>Barcodescanner</translation>
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
        <source>Payment terminal</source>
        <translation>Betaalautomaat</translation>
    </message>
    <message>
        <source>Lane light</source>
        <translation>Kassalamp</translation>
    </message>
    <message>
        <source>Test scan</source>
        <translation>Testscan</translation>
    </message>
    <message>
        <source>Test weigh</source>
        <translation>Testweging</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>Testprint</translation>
    </message>
    <message>
        <source>Test light</source>
        <translation>Lamp testen</translation>
    </message>
    <message>
        <source>Check terminal</source>
        <translation>Automaat controleren</translation>
    </message>
    <message>
        <source>online</source>
        <translation>verbonden</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>niet verbonden</translation>
    </message>
    <message>
        <source>error</source>
        <translation>fout</translation>
    </message>
    <message>
        <source>Diagnostics: the devices of this lane</source>
        <translation>Diagnose: de apparaten van deze kassa</translation>
    </message>
    <message>
        <source>This lane has no devices configured.</source>
        <translation>Deze kassa heeft geen apparaten ingesteld.</translation>
    </message>
    <message>
        <source>state unknown</source>
        <translation>toestand onbekend</translation>
    </message>
    <message>
        <source>Testing... (scan the test code or put a weight on when asked)</source>
        <translation>Bezig met testen... (scan de testcode of leg een gewicht op als daarom gevraagd wordt)</translation>
    </message>
    <message>
        <source>This device cannot be tested from here.</source>
        <translation>Dit apparaat kan hier niet getest worden.</translation>
    </message>
    <message>
        <source>The test failed: {detail}</source>
        <translation>De test is mislukt: {detail}</translation>
    </message>
    <message>
        <source>Not tested yet.</source>
        <translation>Nog niet getest.</translation>
    </message>
    <message>
        <source>Passed.</source>
        <translation>Geslaagd.</translation>
    </message>
    <message>
        <source>Failed: {reason}. {detail}</source>
        <translation>Mislukt: {reason}. {detail}</translation>
    </message>
    <message>
        <source>Statistics: {counts}</source>
        <translation>Statistieken: {counts}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>geen</translation>
    </message>
    <message>
        <source>Recent errors: {errors}</source>
        <translation>Recente fouten: {errors}</translation>
    </message>
    <message>
        <source>Check all</source>
        <translation>Alles controleren</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Terug</translation>
    </message>
    <message>
        <source>Leave the app</source>
        <translation>App afsluiten</translation>
    </message>
</context>
<context>
    <name>FeedbackScreen</name>
    <message>
        <source>Thank you for shopping with us!</source>
        <translation>Bedankt voor je bezoek!</translation>
    </message>
    <message>
        <source>How was paying today? Tap a face.</source>
        <translation>Hoe ging afrekenen vandaag? Tik op een gezicht.</translation>
    </message>
    <message>
        <source>Scan this code with your phone to get your receipt.</source>
        <translation>Scan deze code met je telefoon voor je bon.</translation>
    </message>
</context>
<context>
    <name>HelpButton</name>
    <message>
        <source>Help</source>
        <translation>Hulp</translation>
    </message>
</context>
<context>
    <name>HelpPanel</name>
    <message>
        <source>An item will not scan</source>
        <translation>Een artikel scant niet</translation>
    </message>
    <message>
        <source>A question about a price</source>
        <translation>Een vraag over een prijs</translation>
    </message>
    <message>
        <source>Bags</source>
        <translation>Tassen</translation>
    </message>
    <message>
        <source>Something else</source>
        <translation>Iets anders</translation>
    </message>
    <message>
        <source>We do not know an item you scanned.</source>
        <translation>We kennen een artikel niet dat je hebt gescand.</translation>
    </message>
    <message>
        <source>A staff member checks your age.</source>
        <translation>Een medewerker controleert je leeftijd.</translation>
    </message>
    <message>
        <source>A staff member approves removing an item.</source>
        <translation>Een medewerker keurt het weghalen van een artikel goed.</translation>
    </message>
    <message>
        <source>Your payment did not work.</source>
        <translation>Je betaling is niet gelukt.</translation>
    </message>
    <message>
        <source>A staff member checks your payment. You will not be charged twice.</source>
        <translation>Een medewerker controleert je betaling. Je betaalt nooit twee keer.</translation>
    </message>
    <message>
        <source>Part of this lane does not work.</source>
        <translation>Een deel van deze kassa werkt niet.</translation>
    </message>
    <message>
        <source>You asked for help.</source>
        <translation>Je hebt om hulp gevraagd.</translation>
    </message>
    <message>
        <source>Your shopping was paused.</source>
        <translation>Je boodschappen stonden op pauze.</translation>
    </message>
    <message>
        <source>Hold the barcode flat under the scanner and move it slowly.</source>
        <translation>Houd de streepjescode plat onder de scanner en beweeg hem langzaam.</translation>
    </message>
    <message>
        <source>You can type the numbers under the barcode with Type a code.</source>
        <translation>Je kunt de cijfers onder de streepjescode intoetsen met Code typen.</translation>
    </message>
    <message>
        <source>Put the item aside. The staff member will help you with it.</source>
        <translation>Leg het artikel apart. De medewerker helpt je ermee.</translation>
    </message>
    <message>
        <source>You can keep scanning while you wait.</source>
        <translation>Je kunt verder scannen terwijl je wacht.</translation>
    </message>
    <message>
        <source>Please have your ID ready.</source>
        <translation>Houd je identiteitsbewijs klaar.</translation>
    </message>
    <message>
        <source>The staff member removes the item for you.</source>
        <translation>De medewerker haalt het artikel voor je weg.</translation>
    </message>
    <message>
        <source>You can try another card.</source>
        <translation>Je kunt een andere kaart proberen.</translation>
    </message>
    <message>
        <source>Put the card in the terminal instead of tapping, and type your PIN.</source>
        <translation>Steek de kaart in de betaalautomaat in plaats van contactloos te betalen, en toets je pincode in.</translation>
    </message>
    <message>
        <source>You can also pay at the service desk.</source>
        <translation>Je kunt ook betalen bij de servicebalie.</translation>
    </message>
    <message>
        <source>Please do not pay again.</source>
        <translation>Betaal niet opnieuw.</translation>
    </message>
    <message>
        <source>The staff member checks the payment on the terminal.</source>
        <translation>De medewerker controleert de betaling op de betaalautomaat.</translation>
    </message>
    <message>
        <source>If the scanner does not work, type the code with Type a code.</source>
        <translation>Werkt de scanner niet? Toets de code in met Code typen.</translation>
    </message>
    <message>
        <source>If the printer does not work, you get your receipt with a QR code.</source>
        <translation>Werkt de printer niet? Dan krijg je je bon met een QR-code.</translation>
    </message>
    <message>
        <source>The price is also on the label on the shelf.</source>
        <translation>De prijs staat ook op het kaartje bij het schap.</translation>
    </message>
    <message>
        <source>Bags are at this lane. Scan the bag&apos;s barcode, or tap Bags.</source>
        <translation>Tassen liggen bij deze kassa. Scan de streepjescode van de tas, of tik op Tassen.</translation>
    </message>
    <message>
        <source>A staff member comes to you. Please wait here.</source>
        <translation>Er komt een medewerker naar je toe. Wacht hier even.</translation>
    </message>
    <message>
        <source>Your shopping is saved.</source>
        <translation>Je boodschappen zijn bewaard.</translation>
    </message>
    <message>
        <source>What do you need help with?</source>
        <translation>Waarmee kunnen we je helpen?</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Terug</translation>
    </message>
    <message>
        <source>{name} is on the way</source>
        <translation>{name} komt eraan</translation>
    </message>
    <message>
        <source>You have been helped</source>
        <translation>Je bent geholpen</translation>
    </message>
    <message>
        <source>The call for help was cancelled</source>
        <translation>De hulpvraag is gestopt</translation>
    </message>
    <message>
        <source>We could not reach a staff member</source>
        <translation>We konden geen medewerker bereiken</translation>
    </message>
    <message>
        <source>We are still looking for a staff member</source>
        <translation>We zoeken nog een medewerker</translation>
    </message>
    <message>
        <source>Help is called</source>
        <translation>Er is hulp geroepen</translation>
    </message>
    <message>
        <source>Please wave to a staff member.</source>
        <translation>Zwaai naar een medewerker.</translation>
    </message>
    <message>
        <source>While you wait:</source>
        <translation>Terwijl je wacht:</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Medewerker</translation>
    </message>
    <message>
        <source>Cancel help</source>
        <translation>Hulp stoppen</translation>
    </message>
    <message>
        <source>Back to my shopping</source>
        <translation>Terug naar mijn boodschappen</translation>
    </message>
    <message>
        <source>Did we help you well? Tap a face.</source>
        <translation>Hebben we je goed geholpen? Tik op een gezicht.</translation>
    </message>
    <message>
        <source>No, thank you</source>
        <translation>Nee, dank je</translation>
    </message>
</context>
<context>
    <name>IdlePromptScreen</name>
    <message>
        <source>Are you still there?</source>
        <translation>Ben je er nog?</translation>
    </message>
    <message>
        <source>Your shopping is kept. Tap Yes to go on, or the lane pauses soon.</source>
        <translation>Je boodschappen blijven bewaard. Tik op Ja om verder te gaan. Anders pauzeert de kassa zo.</translation>
    </message>
    <message>
        <source>Yes, continue</source>
        <translation>Ja, verder</translation>
    </message>
</context>
<context>
    <name>KeyInPage</name>
    <message>
        <source>Type a code</source>
        <translation>Typ een code</translation>
    </message>
    <message>
        <source>Type the numbers under the barcode, or the 4 or 5 numbers on the sticker of fruit or vegetables. Then press OK.</source>
        <translation>Typ de cijfers onder de streepjescode, of de 4 of 5 cijfers op de sticker van groente of fruit. Druk daarna op OK.</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Delete</source>
        <translation>Wissen</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>We do not know this product</source>
        <translation>Dit product kennen we niet</translation>
    </message>
    <message>
        <source>Code {code} is not in our list. Nothing was added.</source>
        <translation>Code {code} staat niet in onze lijst. Er is niets toegevoegd.</translation>
    </message>
    <message>
        <source>Scan it again, type the code, or press Help.</source>
        <translation>Scan het nog een keer, typ de code of druk op Hulp.</translation>
    </message>
    <message>
        <source>That scan did not work</source>
        <translation>Het scannen is niet gelukt</translation>
    </message>
    <message>
        <source>Nothing was added.</source>
        <translation>Er is niets toegevoegd.</translation>
    </message>
    <message>
        <source>Scan the product again.</source>
        <translation>Scan het product nog een keer.</translation>
    </message>
    <message>
        <source>A staff member will check your age</source>
        <translation>Een medewerker komt je leeftijd controleren</translation>
    </message>
    <message>
        <source>You can keep scanning.</source>
        <translation>Je kunt gewoon verder scannen.</translation>
    </message>
    <message>
        <source>Have your ID ready. You can pay after the check.</source>
        <translation>Houd je legitimatie klaar. Na de controle kun je betalen.</translation>
    </message>
    <message>
        <source>Help is called</source>
        <translation>Er is hulp gevraagd</translation>
    </message>
    <message>
        <source>A staff member will come to you.</source>
        <translation>Een medewerker komt naar je toe.</translation>
    </message>
    <message>
        <source>You can keep scanning while you wait.</source>
        <translation>Je kunt verder scannen terwijl je wacht.</translation>
    </message>
    <message>
        <source>The payment did not work</source>
        <translation>De betaling is niet gelukt</translation>
    </message>
    <message>
        <source>Try again, or press Help.</source>
        <translation>Probeer het opnieuw, of druk op Hulp.</translation>
    </message>
    <message>
        <source>Please pay at the service desk</source>
        <translation>Betaal bij de servicebalie</translation>
    </message>
    <message>
        <source>Nothing was paid here. A staff member has been told.</source>
        <translation>Er is hier niets betaald. Een medewerker weet ervan.</translation>
    </message>
    <message>
        <source>Take your shopping to the service desk.</source>
        <translation>Neem je boodschappen mee naar de servicebalie.</translation>
    </message>
    <message>
        <source>We are checking your payment</source>
        <translation>We controleren je betaling</translation>
    </message>
    <message>
        <source>We ask the terminal if {amount} was paid. You will not pay twice.</source>
        <translation>We vragen de betaalautomaat of {amount} is betaald. Je betaalt nooit twee keer.</translation>
    </message>
    <message>
        <source>Nothing was paid</source>
        <translation>Er is niets betaald</translation>
    </message>
    <message>
        <source>The terminal says no money was taken. Your list is kept.</source>
        <translation>De betaalautomaat zegt dat er geen geld is afgeschreven. Je lijst blijft bewaard.</translation>
    </message>
    <message>
        <source>A staff member will check your payment</source>
        <translation>Een medewerker controleert je betaling</translation>
    </message>
    <message>
        <source>We could not see if you paid. You will not pay twice.</source>
        <translation>We konden niet zien of je hebt betaald. Je betaalt nooit twee keer.</translation>
    </message>
    <message>
        <source>Please wait. A staff member is coming.</source>
        <translation>Wacht even. Er komt een medewerker.</translation>
    </message>
    <message>
        <source>The payment is paid back</source>
        <translation>De betaling is teruggeboekt</translation>
    </message>
    <message>
        <source>The money goes back to your card.</source>
        <translation>Het geld gaat terug naar je kaart.</translation>
    </message>
    <message>
        <source>The payment could not be paid back</source>
        <translation>De betaling kon niet worden teruggeboekt</translation>
    </message>
    <message>
        <source>A staff member will sort this out.</source>
        <translation>Een medewerker lost dit op.</translation>
    </message>
    <message>
        <source>Please wait for a staff member.</source>
        <translation>Wacht op een medewerker.</translation>
    </message>
    <message>
        <source>Your receipt is printing</source>
        <translation>Je bon wordt geprint</translation>
    </message>
    <message>
        <source>This takes a few seconds.</source>
        <translation>Dit duurt een paar seconden.</translation>
    </message>
    <message>
        <source>Take your receipt from the printer.</source>
        <translation>Pak je bon uit de printer.</translation>
    </message>
    <message>
        <source>Your receipt is ready</source>
        <translation>Je bon is klaar</translation>
    </message>
    <message>
        <source>Take it from the printer.</source>
        <translation>Pak hem uit de printer.</translation>
    </message>
    <message>
        <source>The printer does not work</source>
        <translation>De printer werkt niet</translation>
    </message>
    <message>
        <source>Your receipt is ready as a QR code. A staff member has been told.</source>
        <translation>Je bon staat klaar als QR-code. Een medewerker weet ervan.</translation>
    </message>
    <message>
        <source>Your receipt is on your phone</source>
        <translation>Je bon staat op je telefoon</translation>
    </message>
    <message>
        <source>Scan the QR code to see it.</source>
        <translation>Scan de QR-code om hem te zien.</translation>
    </message>
    <message>
        <source>No receipt</source>
        <translation>Geen bon</translation>
    </message>
    <message>
        <source>You chose no receipt.</source>
        <translation>Je hebt gekozen voor geen bon.</translation>
    </message>
    <message>
        <source>Thank you for shopping with us</source>
        <translation>Bedankt voor je bezoek</translation>
    </message>
    <message>
        <source>See you next time.</source>
        <translation>Tot de volgende keer.</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation>Ben je er nog?</translation>
    </message>
    <message>
        <source>We have not seen you for a while. Your list is kept.</source>
        <translation>We hebben je een tijdje niet gezien. Je lijst blijft bewaard.</translation>
    </message>
    <message>
        <source>Tap the screen to go on.</source>
        <translation>Tik op het scherm om verder te gaan.</translation>
    </message>
    <message>
        <source>Your shopping is paused</source>
        <translation>Je boodschappen staan even stil</translation>
    </message>
    <message>
        <source>Your list is kept. A staff member has been told.</source>
        <translation>Je lijst blijft bewaard. Een medewerker weet ervan.</translation>
    </message>
    <message>
        <source>Tap the screen, or ask a staff member.</source>
        <translation>Tik op het scherm, of vraag het een medewerker.</translation>
    </message>
    <message>
        <source>Welcome back</source>
        <translation>Welkom terug</translation>
    </message>
    <message>
        <source>Your list is kept.</source>
        <translation>Je lijst is bewaard.</translation>
    </message>
    <message>
        <source>Go on scanning.</source>
        <translation>Ga verder met scannen.</translation>
    </message>
    <message>
        <source>Your shopping is back</source>
        <translation>Je boodschappen zijn terug</translation>
    </message>
    <message>
        <source>We kept your list. Items: {item_count}. Total: {total}.</source>
        <translation>We hebben je lijst bewaard. Artikelen: {item_count}. Totaal: {total}.</translation>
    </message>
    <message>
        <source>Go on scanning, or press Pay.</source>
        <translation>Ga verder met scannen, of druk op Betalen.</translation>
    </message>
    <message>
        <source>{name} is on the way</source>
        <translation>{name} komt eraan</translation>
    </message>
    <message>
        <source>A staff member is coming to help you.</source>
        <translation>Er komt een medewerker om je te helpen.</translation>
    </message>
    <message>
        <source>This card was declined</source>
        <translation>Deze kaart is geweigerd</translation>
    </message>
    <message>
        <source>The product is added</source>
        <translation>Het product is toegevoegd</translation>
    </message>
    <message>
        <source>You can see it in your list.</source>
        <translation>Je ziet het in je lijst.</translation>
    </message>
    <message>
        <source>Scan the next product, or press Pay.</source>
        <translation>Scan het volgende product, of druk op Betalen.</translation>
    </message>
    <message>
        <source>That code is not right</source>
        <translation>Die code klopt niet</translation>
    </message>
    <message>
        <source>Scan the product again, or check the code you typed.</source>
        <translation>Scan het product opnieuw, of kijk de code na die je typte.</translation>
    </message>
    <message>
        <source>This product cannot be sold here</source>
        <translation>Dit product kun je hier niet kopen</translation>
    </message>
    <message>
        <source>Press Help. A staff member will help you.</source>
        <translation>Druk op Hulp. Een medewerker helpt je.</translation>
    </message>
    <message>
        <source>A deposit is not sold on its own</source>
        <translation>Statiegeld kun je niet los kopen</translation>
    </message>
    <message>
        <source>We cannot add this product</source>
        <translation>We kunnen dit product niet toevoegen</translation>
    </message>
    <message>
        <source>Put the product on the scale</source>
        <translation>Leg het product op de weegschaal</translation>
    </message>
    <message>
        <source>We weigh it now.</source>
        <translation>We wegen het nu.</translation>
    </message>
    <message>
        <source>Wait until the weight stands still.</source>
        <translation>Wacht tot het gewicht stilstaat.</translation>
    </message>
    <message>
        <source>Take your hands off the scale and try again.</source>
        <translation>Haal je handen van de weegschaal en probeer het opnieuw.</translation>
    </message>
    <message>
        <source>This is too heavy for the scale</source>
        <translation>Dit is te zwaar voor de weegschaal</translation>
    </message>
    <message>
        <source>Weigh less at a time, or press Help.</source>
        <translation>Weeg minder tegelijk, of druk op Hulp.</translation>
    </message>
    <message>
        <source>The scale does not work</source>
        <translation>De weegschaal werkt niet</translation>
    </message>
    <message>
        <source>Nothing was added. A staff member can weigh it for you.</source>
        <translation>Er is niets toegevoegd. Een medewerker kan het voor je wegen.</translation>
    </message>
    <message>
        <source>Press Help.</source>
        <translation>Druk op Hulp.</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>Wacht even.</translation>
    </message>
    <message>
        <source>This product is for people aged {age} or older. You can keep scanning.</source>
        <translation>Dit product is voor mensen van {age} jaar of ouder. Je kunt doorgaan met scannen.</translation>
    </message>
    <message>
        <source>Your age is checked</source>
        <translation>Je leeftijd is gecontroleerd</translation>
    </message>
    <message>
        <source>{name} checked your age.</source>
        <translation>{name} heeft je leeftijd gecontroleerd.</translation>
    </message>
    <message>
        <source>You can pay when you are ready.</source>
        <translation>Je kunt betalen als je klaar bent.</translation>
    </message>
    <message>
        <source>The number is changed</source>
        <translation>Het aantal is aangepast</translation>
    </message>
    <message>
        <source>Your list and total are updated.</source>
        <translation>Je lijst en totaal zijn bijgewerkt.</translation>
    </message>
    <message>
        <source>We cannot change this number</source>
        <translation>We kunnen dit aantal niet aanpassen</translation>
    </message>
    <message>
        <source>Your list is the same as before.</source>
        <translation>Je lijst is hetzelfde als eerst.</translation>
    </message>
    <message>
        <source>Press Help if you need a staff member.</source>
        <translation>Druk op Hulp als je een medewerker nodig hebt.</translation>
    </message>
    <message>
        <source>The product is removed</source>
        <translation>Het product is verwijderd</translation>
    </message>
    <message>
        <source>Your total is updated.</source>
        <translation>Je totaal is bijgewerkt.</translation>
    </message>
    <message>
        <source>A staff member must approve this</source>
        <translation>Een medewerker moet dit goedkeuren</translation>
    </message>
    <message>
        <source>The product stays on your list until then.</source>
        <translation>Tot die tijd blijft het product op je lijst.</translation>
    </message>
    <message>
        <source>The change is approved</source>
        <translation>De wijziging is goedgekeurd</translation>
    </message>
    <message>
        <source>{name} approved it. Your total is updated.</source>
        <translation>{name} heeft het goedgekeurd. Je totaal is bijgewerkt.</translation>
    </message>
    <message>
        <source>The change is not approved</source>
        <translation>De wijziging is niet goedgekeurd</translation>
    </message>
    <message>
        <source>The product stays on your list.</source>
        <translation>Het product blijft op je lijst.</translation>
    </message>
    <message>
        <source>Ask {name} if you have a question.</source>
        <translation>Vraag het {name} als je een vraag hebt.</translation>
    </message>
    <message>
        <source>There is nothing to pay yet</source>
        <translation>Er is nog niets te betalen</translation>
    </message>
    <message>
        <source>Your list is empty.</source>
        <translation>Je lijst is leeg.</translation>
    </message>
    <message>
        <source>Scan a product first.</source>
        <translation>Scan eerst een product.</translation>
    </message>
    <message>
        <source>Please wait for the age check</source>
        <translation>Wacht op de leeftijdscontrole</translation>
    </message>
    <message>
        <source>A staff member is coming to check your age.</source>
        <translation>Een medewerker komt je leeftijd controleren.</translation>
    </message>
    <message>
        <source>Please wait for a staff member</source>
        <translation>Wacht op een medewerker</translation>
    </message>
    <message>
        <source>A change to your list must be approved first.</source>
        <translation>Een wijziging in je lijst moet eerst worden goedgekeurd.</translation>
    </message>
    <message>
        <source>You can pay after that.</source>
        <translation>Daarna kun je betalen.</translation>
    </message>
    <message>
        <source>You cannot pay here right now</source>
        <translation>Je kunt hier nu niet betalen</translation>
    </message>
    <message>
        <source>The payment terminal does not work. Nothing was paid. Your list is kept.</source>
        <translation>De betaalautomaat werkt niet. Er is niets betaald. Je lijst blijft bewaard.</translation>
    </message>
    <message>
        <source>Press Help, or pay at the service desk.</source>
        <translation>Druk op Hulp, of betaal bij de servicebalie.</translation>
    </message>
    <message>
        <source>Pay {amount} on the terminal</source>
        <translation>Betaal {amount} op de betaalautomaat</translation>
    </message>
    <message>
        <source>Follow the steps on the terminal.</source>
        <translation>Volg de stappen op de betaalautomaat.</translation>
    </message>
    <message>
        <source>Press Cancel if you want to stop.</source>
        <translation>Druk op Annuleren als je wilt stoppen.</translation>
    </message>
    <message>
        <source>Follow the terminal</source>
        <translation>Volg de betaalautomaat</translation>
    </message>
    <message>
        <source>The terminal tells you what to do.</source>
        <translation>De betaalautomaat zegt wat je moet doen.</translation>
    </message>
    <message>
        <source>We are stopping the payment</source>
        <translation>We stoppen de betaling</translation>
    </message>
    <message>
        <source>Please wait. Nothing is paid until the terminal says so.</source>
        <translation>Wacht even. Er is niets betaald tot de betaalautomaat dat zegt.</translation>
    </message>
    <message>
        <source>The payment is stopped</source>
        <translation>De betaling is gestopt</translation>
    </message>
    <message>
        <source>Nothing was paid. Your list is kept.</source>
        <translation>Er is niets betaald. Je lijst blijft bewaard.</translation>
    </message>
    <message>
        <source>Press Pay to try again.</source>
        <translation>Druk op Betalen om het opnieuw te proberen.</translation>
    </message>
    <message>
        <source>Nothing was paid.</source>
        <translation>Er is niets betaald.</translation>
    </message>
    <message>
        <source>Try another card, or press Help.</source>
        <translation>Probeer een andere kaart, of druk op Hulp.</translation>
    </message>
    <message>
        <source>Please insert your card</source>
        <translation>Steek je kaart in de terminal</translation>
    </message>
    <message>
        <source>This card needs its PIN. Nothing was paid yet.</source>
        <translation>Voor deze kaart is je pincode nodig. Er is nog niets betaald.</translation>
    </message>
    <message>
        <source>Put the card in the terminal and type your PIN.</source>
        <translation>Steek de kaart in de terminal en toets je pincode in.</translation>
    </message>
    <message>
        <source>Help is done</source>
        <translation>De hulp is klaar</translation>
    </message>
    <message>
        <source>We hope we helped you well.</source>
        <translation>We hopen dat we je goed hebben geholpen.</translation>
    </message>
    <message>
        <source>Go on with your shopping.</source>
        <translation>Ga verder met je boodschappen.</translation>
    </message>
    <message>
        <source>Help is cancelled</source>
        <translation>De hulp is geannuleerd</translation>
    </message>
    <message>
        <source>No staff member will come.</source>
        <translation>Er komt geen medewerker.</translation>
    </message>
    <message>
        <source>Press Help if you need it again.</source>
        <translation>Druk op Hulp als je het weer nodig hebt.</translation>
    </message>
    <message>
        <source>A staff member must come for this</source>
        <translation>Hiervoor moet een medewerker komen</translation>
    </message>
    <message>
        <source>You cannot cancel this call.</source>
        <translation>Je kunt deze oproep niet annuleren.</translation>
    </message>
    <message>
        <source>Please wait. You can keep scanning.</source>
        <translation>Wacht even. Je kunt doorgaan met scannen.</translation>
    </message>
    <message>
        <source>The scanner works again</source>
        <translation>De scanner werkt weer</translation>
    </message>
    <message>
        <source>You can scan again.</source>
        <translation>Je kunt weer scannen.</translation>
    </message>
    <message>
        <source>You can get your receipt as a QR code.</source>
        <translation>Je kunt je bon krijgen als QR-code.</translation>
    </message>
    <message>
        <source>This checkout is closed</source>
        <translation>Deze kassa is gesloten</translation>
    </message>
    <message>
        <source>Nothing you scanned is lost. A staff member has been told.</source>
        <translation>Niets van wat je scande is verloren. Een medewerker weet ervan.</translation>
    </message>
    <message>
        <source>Please use another checkout, or wait for a staff member.</source>
        <translation>Gebruik een andere kassa, of wacht op een medewerker.</translation>
    </message>
    <message>
        <source>This checkout is open again</source>
        <translation>Deze kassa is weer open</translation>
    </message>
    <message>
        <source>Your shopping is cancelled</source>
        <translation>Je boodschappen zijn geannuleerd</translation>
    </message>
    <message>
        <source>{name} cancelled it. Nothing was paid.</source>
        <translation>{name} heeft ze geannuleerd. Er is niets betaald.</translation>
    </message>
    <message>
        <source>That is not possible now</source>
        <translation>Dat kan nu niet</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Er is niets veranderd.</translation>
    </message>
    <message>
        <source>Follow the steps on the screen.</source>
        <translation>Volg de stappen op het scherm.</translation>
    </message>
    <message>
        <source>You may not do this</source>
        <translation>Dit mag je niet doen</translation>
    </message>
    <message>
        <source>Your role does not allow it.</source>
        <translation>Je rol staat het niet toe.</translation>
    </message>
    <message>
        <source>Ask a supervisor.</source>
        <translation>Vraag het een leidinggevende.</translation>
    </message>
    <message>
        <source>Your payment went through</source>
        <translation>Je betaling is gelukt</translation>
    </message>
    <message>
        <source>You paid {amount}. Here is your receipt.</source>
        <translation>Je hebt {amount} betaald. Hier is je bon.</translation>
    </message>
    <message>
        <source>Choose how you want your receipt.</source>
        <translation>Kies hoe je je bon wilt krijgen.</translation>
    </message>
    <message>
        <source>We are still looking for a staff member</source>
        <translation>We zoeken nog een medewerker</translation>
    </message>
    <message>
        <source>Your call for help is still open.</source>
        <translation>Je hulpvraag staat nog open.</translation>
    </message>
    <message>
        <source>Please wave to a staff member.</source>
        <translation>Zwaai naar een medewerker.</translation>
    </message>
    <message>
        <source>Thank you, you have paid</source>
        <translation>Bedankt, je hebt betaald</translation>
    </message>
    <message>
        <source>You paid {amount}.</source>
        <translation>Je hebt {amount} betaald.</translation>
    </message>
    <message>
        <source>Take your receipt and your shopping.</source>
        <translation>Neem je bon en je boodschappen mee.</translation>
    </message>
    <message>
        <source>The scanner does not work</source>
        <translation>De scanner werkt niet</translation>
    </message>
    <message>
        <source>A staff member has been told.</source>
        <translation>Een medewerker is gewaarschuwd.</translation>
    </message>
    <message>
        <source>Type the code of the product, or press Help.</source>
        <translation>Typ de code van het product, of druk op Hulp.</translation>
    </message>
    <message>
        <source>The printer is out of paper</source>
        <translation>Het papier van de printer is op</translation>
    </message>
    <message>
        <source>Your receipt is ready as a QR code.</source>
        <translation>Je bon staat klaar als QR-code.</translation>
    </message>
    <message>
        <source>Scan the code with your phone, or press Help.</source>
        <translation>Scan de code met je telefoon, of druk op Hulp.</translation>
    </message>
    <message>
        <source>Try another card, or pay at the service desk.</source>
        <translation>Probeer een andere kaart, of betaal bij de servicebalie.</translation>
    </message>
    <message>
        <source>Your card wants its PIN</source>
        <translation>Je kaart vraagt om je pincode</translation>
    </message>
    <message>
        <source>Put the card in the terminal instead of tapping it, then type your PIN.</source>
        <translation>Steek de kaart in de betaalautomaat in plaats van contactloos te betalen. Toets dan je pincode in.</translation>
    </message>
    <message>
        <source>The payment did not go through</source>
        <translation>De betaling is niet gelukt</translation>
    </message>
    <message>
        <source>Press Try again and follow the terminal.</source>
        <translation>Druk op Opnieuw proberen en volg de betaalautomaat.</translation>
    </message>
    <message>
        <source>The terminal cannot take this payment</source>
        <translation>De betaalautomaat kan deze betaling niet doen</translation>
    </message>
    <message>
        <source>Nothing was paid. A staff member has been called.</source>
        <translation>Er is niets betaald. We hebben een medewerker geroepen.</translation>
    </message>
    <message>
        <source>You can pay at the service desk, or wait here.</source>
        <translation>Je kunt betalen bij de servicebalie, of hier wachten.</translation>
    </message>
    <message>
        <source>Put it aside, or press Help.</source>
        <translation>Leg het apart, of druk op Hulp.</translation>
    </message>
    <message>
        <source>The deposit is added with the drink itself.</source>
        <translation>Het statiegeld komt er vanzelf bij als je de drank scant.</translation>
    </message>
    <message>
        <source>Scan the barcode of the drink.</source>
        <translation>Scan de streepjescode van de drank.</translation>
    </message>
    <message>
        <source>That is not one of our bags</source>
        <translation>Dat is geen tas van ons</translation>
    </message>
    <message>
        <source>Pick a bag on the screen, or press Help.</source>
        <translation>Kies een tas op het scherm, of druk op Hulp.</translation>
    </message>
    <message>
        <source>The weight did not stay still</source>
        <translation>Het gewicht bleef niet stil</translation>
    </message>
    <message>
        <source>The scale is not empty</source>
        <translation>De weegschaal is niet leeg</translation>
    </message>
    <message>
        <source>Take everything off the scale and try again.</source>
        <translation>Haal alles van de weegschaal en probeer het opnieuw.</translation>
    </message>
    <message>
        <source>The scale is still weighing</source>
        <translation>De weegschaal is nog aan het wegen</translation>
    </message>
    <message>
        <source>The product before this one is not added yet.</source>
        <translation>Het vorige product is nog niet toegevoegd.</translation>
    </message>
    <message>
        <source>Wait until the weight shows, then go on.</source>
        <translation>Wacht tot je het gewicht ziet, en ga dan verder.</translation>
    </message>
    <message>
        <source>Put the product aside. Go on scanning, or press Pay.</source>
        <translation>Leg het product apart. Scan verder, of druk op Betalen.</translation>
    </message>
    <message>
        <source>Have your ID ready.</source>
        <translation>Houd je legitimatie klaar.</translation>
    </message>
    <message>
        <source>Your payment is already running</source>
        <translation>Je betaling loopt al</translation>
    </message>
    <message>
        <source>Do not pay again.</source>
        <translation>Betaal niet nog een keer.</translation>
    </message>
    <message>
        <source>Follow the terminal.</source>
        <translation>Volg de betaalautomaat.</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>This lane is closed</source>
        <translation>Deze kassa is gesloten</translation>
    </message>
    <message>
        <source>Something went wrong in this lane. A staff member has been told. Nothing you scanned or paid is lost. Please use another lane.</source>
        <translation>Er ging iets mis in deze kassa. Een medewerker weet het. Wat je hebt gescand of betaald, is niet weg. Ga naar een andere kassa.</translation>
    </message>
    <message>
        <source>Please use another lane. Thank you.</source>
        <translation>Ga naar een andere kassa. Dank je wel.</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Medewerker</translation>
    </message>
</context>
<context>
    <name>PayingScreen</name>
    <message>
        <source>Insert, tap or swipe your card.</source>
        <translation>Steek je kaart in, houd hem tegen de automaat of haal hem door.</translation>
    </message>
    <message>
        <source>Type your PIN on the terminal.</source>
        <translation>Toets je pincode in op de betaalautomaat.</translation>
    </message>
    <message>
        <source>The PIN was wrong. Type it again.</source>
        <translation>De pincode was fout. Toets hem opnieuw in.</translation>
    </message>
    <message>
        <source>Please wait.</source>
        <translation>Even wachten.</translation>
    </message>
    <message>
        <source>The bank is checking your payment. Please wait.</source>
        <translation>De bank controleert je betaling. Even wachten.</translation>
    </message>
    <message>
        <source>You can take your card.</source>
        <translation>Je kunt je kaart pakken.</translation>
    </message>
    <message>
        <source>Paid.</source>
        <translation>Betaald.</translation>
    </message>
    <message>
        <source>The card was declined.</source>
        <translation>De kaart is geweigerd.</translation>
    </message>
    <message>
        <source>Follow the instructions on the payment terminal</source>
        <translation>Volg de instructies op de betaalautomaat</translation>
    </message>
    <message>
        <source>Stopping the payment. Please wait for the terminal.</source>
        <translation>We stoppen de betaling. Wacht even op de betaalautomaat.</translation>
    </message>
    <message>
        <source>Insert, tap or swipe your card. Then follow the terminal.</source>
        <translation>Steek je kaart in, houd hem tegen de automaat of haal hem door. Volg dan de betaalautomaat.</translation>
    </message>
    <message>
        <source>Stopping...</source>
        <translation>Bezig met stoppen...</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Stoppen</translation>
    </message>
</context>
<context>
    <name>PaymentUnknownScreen</name>
    <message>
        <source>We are checking your payment with the terminal</source>
        <translation>We controleren je betaling bij de betaalautomaat</translation>
    </message>
    <message>
        <source>You will not be charged twice. Please do not pay again and wait here.</source>
        <translation>Je betaalt nooit twee keer. Betaal niet opnieuw en wacht hier.</translation>
    </message>
    <message>
        <source>This takes a moment.</source>
        <translation>Dit duurt even.</translation>
    </message>
    <message>
        <source>{name} is on the way to help you.</source>
        <translation>{name} komt eraan om je te helpen.</translation>
    </message>
    <message>
        <source>A staff member has been called and will check it.</source>
        <translation>We hebben een medewerker geroepen. Die controleert het.</translation>
    </message>
</context>
<context>
    <name>ProducePage</name>
    <message>
        <source>Fruit &amp; vegetables</source>
        <translation>Groente &amp; fruit</translation>
    </message>
    <message>
        <source>Search, for example: banana</source>
        <translation>Zoek, bijvoorbeeld: banaan</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Zoeken</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Wissen</translation>
    </message>
    <message>
        <source>Nothing found. Check the spelling, or press Help.</source>
        <translation>Niets gevonden. Kijk de spelling na, of druk op Hulp.</translation>
    </message>
</context>
<context>
    <name>ProductTile</name>
    <message>
        <source>{price} per kg</source>
        <translation>{price} per kilo</translation>
    </message>
    <message>
        <source>{price} each</source>
        <translation>{price} per stuk</translation>
    </message>
</context>
<context>
    <name>RatingButton</name>
    <message>
        <source>Very bad</source>
        <translation>Heel slecht</translation>
    </message>
    <message>
        <source>Bad</source>
        <translation>Slecht</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Gaat wel</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>Goed</translation>
    </message>
    <message>
        <source>Very good</source>
        <translation>Heel goed</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <source>Thank you, you have paid</source>
        <translation>Bedankt, je hebt betaald</translation>
    </message>
    <message>
        <source>Your receipt is printing. Please wait a moment.</source>
        <translation>Je bon wordt geprint. Wacht even.</translation>
    </message>
    <message>
        <source>The printer does not work, so we cannot print a receipt. A staff member has been told.</source>
        <translation>De printer werkt niet. We kunnen geen bon printen. Een medewerker weet het.</translation>
    </message>
    <message>
        <source>Do you want a receipt?</source>
        <translation>Wil je een bon?</translation>
    </message>
    <message>
        <source>Scan this code with your phone to get your receipt.</source>
        <translation>Scan deze code met je telefoon voor je bon.</translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation>Bon printen</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Klaar</translation>
    </message>
    <message>
        <source>Digital receipt</source>
        <translation>Digitale bon</translation>
    </message>
    <message>
        <source>No receipt</source>
        <translation>Geen bon</translation>
    </message>
</context>
<context>
    <name>ShoppingScreen</name>
    <message>
        <source>Put it on the scale</source>
        <translation>Leg het op de weegschaal</translation>
    </message>
    <message>
        <source>Weighing...</source>
        <translation>Aan het wegen...</translation>
    </message>
    <message>
        <source>{weight} x {price} per kg</source>
        <translation>{weight} à {price} per kilo</translation>
    </message>
    <message>
        <source>{count} x {price}</source>
        <translation>{count} stuks à {price}</translation>
    </message>
    <message>
        <source>Your shopping</source>
        <translation>Je boodschappen</translation>
    </message>
    <message>
        <source>Scan a product, or choose a way to add one on the right.</source>
        <translation>Scan een product, of kies rechts een andere manier.</translation>
    </message>
    <message>
        <source>One less</source>
        <translation>Eén minder</translation>
    </message>
    <message>
        <source>One more</source>
        <translation>Eén meer</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <source>Type a code</source>
        <translation>Typ een code</translation>
    </message>
    <message>
        <source>Fruit &amp; vegetables</source>
        <translation>Groente &amp; fruit</translation>
    </message>
    <message>
        <source>Bags</source>
        <translation>Tassen</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>Betalen</translation>
    </message>
</context>
<context>
    <name>StaffScreen</name>
    <message>
        <source>Staff login</source>
        <translation>Inloggen medewerker</translation>
    </message>
    <message>
        <source>Scan your staff badge, or type your staff number and then your PIN.</source>
        <translation>Scan je personeelspas, of toets je personeelsnummer en dan je pincode in.</translation>
    </message>
    <message>
        <source>Checking...</source>
        <translation>Controleren...</translation>
    </message>
    <message>
        <source>Your PIN (staff number {login}):</source>
        <translation>Je pincode (personeelsnummer {login}):</translation>
    </message>
    <message>
        <source>Your staff number:</source>
        <translation>Je personeelsnummer:</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Terug</translation>
    </message>
    <message>
        <source>Staff menu: {name} ({role})</source>
        <translation>Menu medewerker: {name} ({role})</translation>
    </message>
    <message numerus="yes">
        <source>Open transaction: %n item(s), {total}.</source>
        <translation>
            <numerusform>Open transactie: %n artikel, {total}.</numerusform>
            <numerusform>Open transactie: %n artikelen, {total}.</numerusform>
        </translation>
    </message>
    <message>
        <source>The lane is out of service.</source>
        <translation>De kassa is buiten gebruik.</translation>
    </message>
    <message>
        <source>No open transaction.</source>
        <translation>Geen open transactie.</translation>
    </message>
    <message>
        <source>Waiting for approval: remove {name}.</source>
        <translation>Wacht op goedkeuring: {name} weghalen.</translation>
    </message>
    <message>
        <source>Approve age</source>
        <translation>Leeftijd goedkeuren</translation>
    </message>
    <message>
        <source>Approve removal</source>
        <translation>Weghalen goedkeuren</translation>
    </message>
    <message>
        <source>Refuse removal</source>
        <translation>Weghalen weigeren</translation>
    </message>
    <message>
        <source>Key in an item</source>
        <translation>Artikel intoetsen</translation>
    </message>
    <message>
        <source>Cancel transaction</source>
        <translation>Transactie annuleren</translation>
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
        <source>Diagnostics</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Uitloggen</translation>
    </message>
    <message>
        <source>Code {code}: type the price in cents, or use the catalogue price.</source>
        <translation>Code {code}: toets de prijs in centen in, of gebruik de prijs uit de catalogus.</translation>
    </message>
    <message>
        <source>Type the item&apos;s barcode or PLU code.</source>
        <translation>Toets de streepjescode of PLU-code van het artikel in.</translation>
    </message>
    <message>
        <source>Catalogue price</source>
        <translation>Prijs uit de catalogus</translation>
    </message>
    <message>
        <source>Staff number, PIN or badge not accepted. Please try again.</source>
        <translation>Personeelsnummer, pincode of pas niet geaccepteerd. Probeer het opnieuw.</translation>
    </message>
    <message>
        <source>Too many tries. Login is locked until {time}.</source>
        <translation>Te vaak geprobeerd. Inloggen is geblokkeerd tot {time}.</translation>
    </message>
    <message>
        <source>Too many tries. Login is locked for a while.</source>
        <translation>Te vaak geprobeerd. Inloggen is een tijdje geblokkeerd.</translation>
    </message>
    <message>
        <source>This staff account is disabled. Ask a supervisor.</source>
        <translation>Dit personeelsaccount staat uit. Vraag het een leidinggevende.</translation>
    </message>
    <message>
        <source>Staff cannot log in at this moment. Try again in a moment.</source>
        <translation>Inloggen kan op dit moment niet. Probeer het zo opnieuw.</translation>
    </message>
    <message>
        <source>Staff login is not available on this lane now.</source>
        <translation>Inloggen voor medewerkers kan nu niet op deze kassa.</translation>
    </message>
</context>
<context>
    <name>SuspendedScreen</name>
    <message>
        <source>Your shopping is paused</source>
        <translation>Je boodschappen staan op pauze</translation>
    </message>
    <message>
        <source>Your items are saved. A staff member has been called. Are you back? Tap Continue shopping.</source>
        <translation>Je artikelen zijn bewaard. We hebben een medewerker geroepen. Ben je terug? Tik op Verder winkelen.</translation>
    </message>
    <message>
        <source>Continue shopping</source>
        <translation>Verder winkelen</translation>
    </message>
</context>
<context>
    <name>TotalPanel</name>
    <message>
        <source>Total</source>
        <translation>Totaal</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n artikel</numerusform>
            <numerusform>%n artikelen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WidgetGallery</name>
    <message>
        <source>Scan your first product</source>
        <translation>Scan je eerste product</translation>
    </message>
    <message>
        <source>Prices include VAT.</source>
        <translation>Prijzen zijn inclusief btw.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Verwijderen</translation>
    </message>
    <message>
        <source>Type a code</source>
        <translation>Code typen</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>Betalen</translation>
    </message>
</context>
<context>
    <name>_Page</name>
    <message>
        <source>Back to my shopping</source>
        <translation>Terug naar mijn boodschappen</translation>
    </message>
</context>
<context>
    <name>_TileGrid</name>
    <message>
        <source>Previous</source>
        <translation>Vorige</translation>
    </message>
    <message>
        <source>More</source>
        <translation>Meer</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>Pagina {page} van {pages}</translation>
    </message>
</context>
</TS>
