<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl" sourcelanguage="en">
<context>
    <name>HelpButton</name>
    <message>
        <source>Help</source>
        <translation>Hulp</translation>
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
</TS>
