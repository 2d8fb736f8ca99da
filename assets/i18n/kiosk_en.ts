<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>HelpButton</name>
    <message>
        <source>Help</source>
        <translation>Help</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
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
        <translation>We do not know this product</translation>
    </message>
    <message>
        <source>Code {code} is not in our list. Nothing was added.</source>
        <translation>Code {code} is not in our list. Nothing was added.</translation>
    </message>
    <message>
        <source>Scan it again, type the code, or press Help.</source>
        <translation>Scan it again, type the code, or press Help.</translation>
    </message>
    <message>
        <source>That scan did not work</source>
        <translation>That scan did not work</translation>
    </message>
    <message>
        <source>Nothing was added.</source>
        <translation>Nothing was added.</translation>
    </message>
    <message>
        <source>Scan the product again.</source>
        <translation>Scan the product again.</translation>
    </message>
    <message>
        <source>A staff member will check your age</source>
        <translation>A staff member will check your age</translation>
    </message>
    <message>
        <source>You can keep scanning.</source>
        <translation>You can keep scanning.</translation>
    </message>
    <message>
        <source>Have your ID ready. You can pay after the check.</source>
        <translation>Have your ID ready. You can pay after the check.</translation>
    </message>
    <message>
        <source>Help is called</source>
        <translation>Help is called</translation>
    </message>
    <message>
        <source>A staff member will come to you.</source>
        <translation>A staff member will come to you.</translation>
    </message>
    <message>
        <source>You can keep scanning while you wait.</source>
        <translation>You can keep scanning while you wait.</translation>
    </message>
    <message>
        <source>{name} is on the way</source>
        <translation>{name} is on the way</translation>
    </message>
    <message>
        <source>A staff member is coming to help you.</source>
        <translation>A staff member is coming to help you.</translation>
    </message>
    <message>
        <source>This card was declined</source>
        <translation>This card was declined</translation>
    </message>
    <message>
        <source>Nothing was paid.</source>
        <translation>Nothing was paid.</translation>
    </message>
    <message>
        <source>Try another card, or press Help.</source>
        <translation>Try another card, or press Help.</translation>
    </message>
    <message>
        <source>Please insert your card</source>
        <translation>Please insert your card</translation>
    </message>
    <message>
        <source>This card needs its PIN. Nothing was paid yet.</source>
        <translation>This card needs its PIN. Nothing was paid yet.</translation>
    </message>
    <message>
        <source>Put the card in the terminal and type your PIN.</source>
        <translation>Put the card in the terminal and type your PIN.</translation>
    </message>
    <message>
        <source>Thank you, you have paid</source>
        <translation>Thank you, you have paid</translation>
    </message>
    <message>
        <source>You paid {amount}.</source>
        <translation>You paid {amount}.</translation>
    </message>
    <message>
        <source>Take your receipt and your shopping.</source>
        <translation>Take your receipt and your shopping.</translation>
    </message>
    <message>
        <source>The scanner does not work</source>
        <translation>The scanner does not work</translation>
    </message>
    <message>
        <source>A staff member has been told.</source>
        <translation>A staff member has been told.</translation>
    </message>
    <message>
        <source>Type the code of the product, or press Help.</source>
        <translation>Type the code of the product, or press Help.</translation>
    </message>
    <message>
        <source>The printer is out of paper</source>
        <translation>The printer is out of paper</translation>
    </message>
    <message>
        <source>Your receipt is ready as a QR code.</source>
        <translation>Your receipt is ready as a QR code.</translation>
    </message>
    <message>
        <source>Scan the code with your phone, or press Help.</source>
        <translation>Scan the code with your phone, or press Help.</translation>
    </message>
</context>
<context>
    <name>TotalPanel</name>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WidgetGallery</name>
    <message>
        <source>Scan your first product</source>
        <translation>Scan your first product</translation>
    </message>
    <message>
        <source>Prices include VAT.</source>
        <translation>Prices include VAT.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Type a code</source>
        <translation>Type a code</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>Pay</translation>
    </message>
</context>
</TS>
