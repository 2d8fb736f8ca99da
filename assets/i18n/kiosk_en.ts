<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AttractScreen</name>
    <message>
        <source>Scan your first product to start</source>
        <translation>Scan your first product to start</translation>
    </message>
    <message>
        <source>Hold the barcode over the glass until you hear a beep.</source>
        <translation>Hold the barcode over the glass until you hear a beep.</translation>
    </message>
    <message>
        <source>Tap to start</source>
        <translation>Tap to start</translation>
    </message>
</context>
<context>
    <name>AwaitingAttendantScreen</name>
    <message>
        <source>A staff member is coming to you</source>
        <translation>A staff member is coming to you</translation>
    </message>
    <message>
        <source>Some items are for adults only. A staff member checks your age.</source>
        <translation>Some items are for adults only. A staff member checks your age.</translation>
    </message>
    <message>
        <source>A staff member approves removing an item.</source>
        <translation>A staff member approves removing an item.</translation>
    </message>
    <message>
        <source>Nothing is wrong. Please wait here; then you can pay.</source>
        <translation>Nothing is wrong. Please wait here; then you can pay.</translation>
    </message>
    <message>
        <source>{name} is on the way</source>
        <translation>{name} is on the way</translation>
    </message>
    <message>
        <source>Help is called</source>
        <translation>Help is called</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
</context>
<context>
    <name>BagsPage</name>
    <message>
        <source>Bags</source>
        <translation>Bags</translation>
    </message>
    <message>
        <source>Tap a bag to add one. Tap again for one more.</source>
        <translation>Tap a bag to add one. Tap again for one more.</translation>
    </message>
</context>
<context>
    <name>CartDelegate</name>
    <message>
        <source>{weight} x {price} per kg</source>
        <translation>{weight} x {price} per kg</translation>
    </message>
    <message>
        <source>{count} x {price}</source>
        <translation>{count} x {price}</translation>
    </message>
    <message>
        <source>Deposit, you get it back on the empty bottle</source>
        <translation>Deposit, you get it back on the empty bottle</translation>
    </message>
    <message>
        <source>Discount {amount}</source>
        <translation>Discount {amount}</translation>
    </message>
    <message>
        <source>A staff member will check your age. You can keep scanning.</source>
        <translation>A staff member will check your age. You can keep scanning.</translation>
    </message>
    <message>
        <source>Age {age}+</source>
        <translation>Age {age}+</translation>
    </message>
</context>
<context>
    <name>DeclinedScreen</name>
    <message>
        <source>Paying did not work</source>
        <translation>Paying did not work</translation>
    </message>
    <message>
        <source>Pay at the service desk</source>
        <translation>Pay at the service desk</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
</context>
<context>
    <name>DiagnosticsScreen</name>
    <message>
        <source>Scanner</source>
        <translation>Scanner</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>Scale</translation>
    </message>
    <message>
        <source>Receipt printer</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <source>Payment terminal</source>
        <translation>Payment terminal</translation>
    </message>
    <message>
        <source>Lane light</source>
        <translation>Lane light</translation>
    </message>
    <message>
        <source>Test scan</source>
        <translation>Test scan</translation>
    </message>
    <message>
        <source>Test weigh</source>
        <translation>Test weigh</translation>
    </message>
    <message>
        <source>Test print</source>
        <translation>Test print</translation>
    </message>
    <message>
        <source>Test light</source>
        <translation>Test light</translation>
    </message>
    <message>
        <source>Check terminal</source>
        <translation>Check terminal</translation>
    </message>
    <message>
        <source>online</source>
        <translation>online</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>error</source>
        <translation>error</translation>
    </message>
    <message>
        <source>Diagnostics: the devices of this lane</source>
        <translation>Diagnostics: the devices of this lane</translation>
    </message>
    <message>
        <source>This lane has no devices configured.</source>
        <translation>This lane has no devices configured.</translation>
    </message>
    <message>
        <source>state unknown</source>
        <translation>state unknown</translation>
    </message>
    <message>
        <source>Testing... (scan the test code or put a weight on when asked)</source>
        <translation>Testing... (scan the test code or put a weight on when asked)</translation>
    </message>
    <message>
        <source>This device cannot be tested from here.</source>
        <translation>This device cannot be tested from here.</translation>
    </message>
    <message>
        <source>The test failed: {detail}</source>
        <translation>The test failed: {detail}</translation>
    </message>
    <message>
        <source>Not tested yet.</source>
        <translation>Not tested yet.</translation>
    </message>
    <message>
        <source>Passed.</source>
        <translation>Passed.</translation>
    </message>
    <message>
        <source>Failed: {reason}. {detail}</source>
        <translation>Failed: {reason}. {detail}</translation>
    </message>
    <message>
        <source>Statistics: {counts}</source>
        <translation>Statistics: {counts}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Recent errors: {errors}</source>
        <translation>Recent errors: {errors}</translation>
    </message>
    <message>
        <source>Check all</source>
        <translation>Check all</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Leave the app</source>
        <translation>Leave the app</translation>
    </message>
</context>
<context>
    <name>FeedbackScreen</name>
    <message>
        <source>Thank you for shopping with us!</source>
        <translation>Thank you for shopping with us!</translation>
    </message>
    <message>
        <source>How was paying today? Tap a face.</source>
        <translation>How was paying today? Tap a face.</translation>
    </message>
    <message>
        <source>Scan this code with your phone to get your receipt.</source>
        <translation>Scan this code with your phone to get your receipt.</translation>
    </message>
</context>
<context>
    <name>HelpButton</name>
    <message>
        <source>Help</source>
        <translation>Help</translation>
    </message>
</context>
<context>
    <name>HelpPanel</name>
    <message>
        <source>An item will not scan</source>
        <translation>An item will not scan</translation>
    </message>
    <message>
        <source>A question about a price</source>
        <translation>A question about a price</translation>
    </message>
    <message>
        <source>Bags</source>
        <translation>Bags</translation>
    </message>
    <message>
        <source>Something else</source>
        <translation>Something else</translation>
    </message>
    <message>
        <source>We do not know an item you scanned.</source>
        <translation>We do not know an item you scanned.</translation>
    </message>
    <message>
        <source>A staff member checks your age.</source>
        <translation>A staff member checks your age.</translation>
    </message>
    <message>
        <source>A staff member approves removing an item.</source>
        <translation>A staff member approves removing an item.</translation>
    </message>
    <message>
        <source>Your payment did not work.</source>
        <translation>Your payment did not work.</translation>
    </message>
    <message>
        <source>A staff member checks your payment. You will not be charged twice.</source>
        <translation>A staff member checks your payment. You will not be charged twice.</translation>
    </message>
    <message>
        <source>Part of this lane does not work.</source>
        <translation>Part of this lane does not work.</translation>
    </message>
    <message>
        <source>You asked for help.</source>
        <translation>You asked for help.</translation>
    </message>
    <message>
        <source>Your shopping was paused.</source>
        <translation>Your shopping was paused.</translation>
    </message>
    <message>
        <source>Hold the barcode flat under the scanner and move it slowly.</source>
        <translation>Hold the barcode flat under the scanner and move it slowly.</translation>
    </message>
    <message>
        <source>You can type the numbers under the barcode with Type a code.</source>
        <translation>You can type the numbers under the barcode with Type a code.</translation>
    </message>
    <message>
        <source>Put the item aside. The staff member will help you with it.</source>
        <translation>Put the item aside. The staff member will help you with it.</translation>
    </message>
    <message>
        <source>You can keep scanning while you wait.</source>
        <translation>You can keep scanning while you wait.</translation>
    </message>
    <message>
        <source>Please have your ID ready.</source>
        <translation>Please have your ID ready.</translation>
    </message>
    <message>
        <source>The staff member removes the item for you.</source>
        <translation>The staff member removes the item for you.</translation>
    </message>
    <message>
        <source>You can try another card.</source>
        <translation>You can try another card.</translation>
    </message>
    <message>
        <source>Put the card in the terminal instead of tapping, and type your PIN.</source>
        <translation>Put the card in the terminal instead of tapping, and type your PIN.</translation>
    </message>
    <message>
        <source>You can also pay at the service desk.</source>
        <translation>You can also pay at the service desk.</translation>
    </message>
    <message>
        <source>Please do not pay again.</source>
        <translation>Please do not pay again.</translation>
    </message>
    <message>
        <source>The staff member checks the payment on the terminal.</source>
        <translation>The staff member checks the payment on the terminal.</translation>
    </message>
    <message>
        <source>If the scanner does not work, type the code with Type a code.</source>
        <translation>If the scanner does not work, type the code with Type a code.</translation>
    </message>
    <message>
        <source>If the printer does not work, you get your receipt with a QR code.</source>
        <translation>If the printer does not work, you get your receipt with a QR code.</translation>
    </message>
    <message>
        <source>The price is also on the label on the shelf.</source>
        <translation>The price is also on the label on the shelf.</translation>
    </message>
    <message>
        <source>Bags are at this lane. Scan the bag&apos;s barcode, or tap Bags.</source>
        <translation>Bags are at this lane. Scan the bag&apos;s barcode, or tap Bags.</translation>
    </message>
    <message>
        <source>A staff member comes to you. Please wait here.</source>
        <translation>A staff member comes to you. Please wait here.</translation>
    </message>
    <message>
        <source>Your shopping is saved.</source>
        <translation>Your shopping is saved.</translation>
    </message>
    <message>
        <source>What do you need help with?</source>
        <translation>What do you need help with?</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>{name} is on the way</source>
        <translation>{name} is on the way</translation>
    </message>
    <message>
        <source>You have been helped</source>
        <translation>You have been helped</translation>
    </message>
    <message>
        <source>The call for help was cancelled</source>
        <translation>The call for help was cancelled</translation>
    </message>
    <message>
        <source>We could not reach a staff member</source>
        <translation>We could not reach a staff member</translation>
    </message>
    <message>
        <source>We are still looking for a staff member</source>
        <translation>We are still looking for a staff member</translation>
    </message>
    <message>
        <source>Help is called</source>
        <translation>Help is called</translation>
    </message>
    <message>
        <source>Please wave to a staff member.</source>
        <translation>Please wave to a staff member.</translation>
    </message>
    <message>
        <source>While you wait:</source>
        <translation>While you wait:</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Cancel help</source>
        <translation>Cancel help</translation>
    </message>
    <message>
        <source>Back to my shopping</source>
        <translation>Back to my shopping</translation>
    </message>
    <message>
        <source>Did we help you well? Tap a face.</source>
        <translation>Did we help you well? Tap a face.</translation>
    </message>
    <message>
        <source>No, thank you</source>
        <translation>No, thank you</translation>
    </message>
</context>
<context>
    <name>IdlePromptScreen</name>
    <message>
        <source>Are you still there?</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <source>Your shopping is kept. Tap Yes to go on, or the lane pauses soon.</source>
        <translation>Your shopping is kept. Tap Yes to go on, or the lane pauses soon.</translation>
    </message>
    <message>
        <source>Yes, continue</source>
        <translation>Yes, continue</translation>
    </message>
</context>
<context>
    <name>KeyInPage</name>
    <message>
        <source>Type a code</source>
        <translation>Type a code</translation>
    </message>
    <message>
        <source>Type the numbers under the barcode, or the 4 or 5 numbers on the sticker of fruit or vegetables. Then press OK.</source>
        <translation>Type the numbers under the barcode, or the 4 or 5 numbers on the sticker of fruit or vegetables. Then press OK.</translation>
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
        <source>The payment did not work</source>
        <translation>The payment did not work</translation>
    </message>
    <message>
        <source>Try again, or press Help.</source>
        <translation>Try again, or press Help.</translation>
    </message>
    <message>
        <source>Please pay at the service desk</source>
        <translation>Please pay at the service desk</translation>
    </message>
    <message>
        <source>Nothing was paid here. A staff member has been told.</source>
        <translation>Nothing was paid here. A staff member has been told.</translation>
    </message>
    <message>
        <source>Take your shopping to the service desk.</source>
        <translation>Take your shopping to the service desk.</translation>
    </message>
    <message>
        <source>We are checking your payment</source>
        <translation>We are checking your payment</translation>
    </message>
    <message>
        <source>We ask the terminal if {amount} was paid. You will not pay twice.</source>
        <translation>We ask the terminal if {amount} was paid. You will not pay twice.</translation>
    </message>
    <message>
        <source>Nothing was paid</source>
        <translation>Nothing was paid</translation>
    </message>
    <message>
        <source>The terminal says no money was taken. Your list is kept.</source>
        <translation>The terminal says no money was taken. Your list is kept.</translation>
    </message>
    <message>
        <source>A staff member will check your payment</source>
        <translation>A staff member will check your payment</translation>
    </message>
    <message>
        <source>We could not see if you paid. You will not pay twice.</source>
        <translation>We could not see if you paid. You will not pay twice.</translation>
    </message>
    <message>
        <source>Please wait. A staff member is coming.</source>
        <translation>Please wait. A staff member is coming.</translation>
    </message>
    <message>
        <source>The payment is paid back</source>
        <translation>The payment is paid back</translation>
    </message>
    <message>
        <source>The money goes back to your card.</source>
        <translation>The money goes back to your card.</translation>
    </message>
    <message>
        <source>The payment could not be paid back</source>
        <translation>The payment could not be paid back</translation>
    </message>
    <message>
        <source>A staff member will sort this out.</source>
        <translation>A staff member will sort this out.</translation>
    </message>
    <message>
        <source>Please wait for a staff member.</source>
        <translation>Please wait for a staff member.</translation>
    </message>
    <message>
        <source>Your receipt is printing</source>
        <translation>Your receipt is printing</translation>
    </message>
    <message>
        <source>This takes a few seconds.</source>
        <translation>This takes a few seconds.</translation>
    </message>
    <message>
        <source>Take your receipt from the printer.</source>
        <translation>Take your receipt from the printer.</translation>
    </message>
    <message>
        <source>Your receipt is ready</source>
        <translation>Your receipt is ready</translation>
    </message>
    <message>
        <source>Take it from the printer.</source>
        <translation>Take it from the printer.</translation>
    </message>
    <message>
        <source>The printer does not work</source>
        <translation>The printer does not work</translation>
    </message>
    <message>
        <source>Your receipt is ready as a QR code. A staff member has been told.</source>
        <translation>Your receipt is ready as a QR code. A staff member has been told.</translation>
    </message>
    <message>
        <source>Your receipt is on your phone</source>
        <translation>Your receipt is on your phone</translation>
    </message>
    <message>
        <source>Scan the QR code to see it.</source>
        <translation>Scan the QR code to see it.</translation>
    </message>
    <message>
        <source>No receipt</source>
        <translation>No receipt</translation>
    </message>
    <message>
        <source>You chose no receipt.</source>
        <translation>You chose no receipt.</translation>
    </message>
    <message>
        <source>Thank you for shopping with us</source>
        <translation>Thank you for shopping with us</translation>
    </message>
    <message>
        <source>See you next time.</source>
        <translation>See you next time.</translation>
    </message>
    <message>
        <source>Are you still there?</source>
        <translation>Are you still there?</translation>
    </message>
    <message>
        <source>We have not seen you for a while. Your list is kept.</source>
        <translation>We have not seen you for a while. Your list is kept.</translation>
    </message>
    <message>
        <source>Tap the screen to go on.</source>
        <translation>Tap the screen to go on.</translation>
    </message>
    <message>
        <source>Your shopping is paused</source>
        <translation>Your shopping is paused</translation>
    </message>
    <message>
        <source>Your list is kept. A staff member has been told.</source>
        <translation>Your list is kept. A staff member has been told.</translation>
    </message>
    <message>
        <source>Tap the screen, or ask a staff member.</source>
        <translation>Tap the screen, or ask a staff member.</translation>
    </message>
    <message>
        <source>Welcome back</source>
        <translation>Welcome back</translation>
    </message>
    <message>
        <source>Your list is kept.</source>
        <translation>Your list is kept.</translation>
    </message>
    <message>
        <source>Go on scanning.</source>
        <translation>Go on scanning.</translation>
    </message>
    <message>
        <source>Your shopping is back</source>
        <translation>Your shopping is back</translation>
    </message>
    <message>
        <source>We kept your list. Items: {item_count}. Total: {total}.</source>
        <translation>We kept your list. Items: {item_count}. Total: {total}.</translation>
    </message>
    <message>
        <source>Go on scanning, or press Pay.</source>
        <translation>Go on scanning, or press Pay.</translation>
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
        <source>The product is added</source>
        <translation>The product is added</translation>
    </message>
    <message>
        <source>You can see it in your list.</source>
        <translation>You can see it in your list.</translation>
    </message>
    <message>
        <source>Scan the next product, or press Pay.</source>
        <translation>Scan the next product, or press Pay.</translation>
    </message>
    <message>
        <source>That code is not right</source>
        <translation>That code is not right</translation>
    </message>
    <message>
        <source>Scan the product again, or check the code you typed.</source>
        <translation>Scan the product again, or check the code you typed.</translation>
    </message>
    <message>
        <source>This product cannot be sold here</source>
        <translation>This product cannot be sold here</translation>
    </message>
    <message>
        <source>Press Help. A staff member will help you.</source>
        <translation>Press Help. A staff member will help you.</translation>
    </message>
    <message>
        <source>A deposit is not sold on its own</source>
        <translation>A deposit is not sold on its own</translation>
    </message>
    <message>
        <source>We cannot add this product</source>
        <translation>We cannot add this product</translation>
    </message>
    <message>
        <source>Put the product on the scale</source>
        <translation>Put the product on the scale</translation>
    </message>
    <message>
        <source>We weigh it now.</source>
        <translation>We weigh it now.</translation>
    </message>
    <message>
        <source>Wait until the weight stands still.</source>
        <translation>Wait until the weight stands still.</translation>
    </message>
    <message>
        <source>Take your hands off the scale and try again.</source>
        <translation>Take your hands off the scale and try again.</translation>
    </message>
    <message>
        <source>This is too heavy for the scale</source>
        <translation>This is too heavy for the scale</translation>
    </message>
    <message>
        <source>Weigh less at a time, or press Help.</source>
        <translation>Weigh less at a time, or press Help.</translation>
    </message>
    <message>
        <source>The scale does not work</source>
        <translation>The scale does not work</translation>
    </message>
    <message>
        <source>Nothing was added. A staff member can weigh it for you.</source>
        <translation>Nothing was added. A staff member can weigh it for you.</translation>
    </message>
    <message>
        <source>Press Help.</source>
        <translation>Press Help.</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>Please wait a moment.</translation>
    </message>
    <message>
        <source>This product is for people aged {age} or older. You can keep scanning.</source>
        <translation>This product is for people aged {age} or older. You can keep scanning.</translation>
    </message>
    <message>
        <source>Your age is checked</source>
        <translation>Your age is checked</translation>
    </message>
    <message>
        <source>{name} checked your age.</source>
        <translation>{name} checked your age.</translation>
    </message>
    <message>
        <source>You can pay when you are ready.</source>
        <translation>You can pay when you are ready.</translation>
    </message>
    <message>
        <source>The number is changed</source>
        <translation>The number is changed</translation>
    </message>
    <message>
        <source>Your list and total are updated.</source>
        <translation>Your list and total are updated.</translation>
    </message>
    <message>
        <source>We cannot change this number</source>
        <translation>We cannot change this number</translation>
    </message>
    <message>
        <source>Your list is the same as before.</source>
        <translation>Your list is the same as before.</translation>
    </message>
    <message>
        <source>Press Help if you need a staff member.</source>
        <translation>Press Help if you need a staff member.</translation>
    </message>
    <message>
        <source>The product is removed</source>
        <translation>The product is removed</translation>
    </message>
    <message>
        <source>Your total is updated.</source>
        <translation>Your total is updated.</translation>
    </message>
    <message>
        <source>A staff member must approve this</source>
        <translation>A staff member must approve this</translation>
    </message>
    <message>
        <source>The product stays on your list until then.</source>
        <translation>The product stays on your list until then.</translation>
    </message>
    <message>
        <source>The change is approved</source>
        <translation>The change is approved</translation>
    </message>
    <message>
        <source>{name} approved it. Your total is updated.</source>
        <translation>{name} approved it. Your total is updated.</translation>
    </message>
    <message>
        <source>The change is not approved</source>
        <translation>The change is not approved</translation>
    </message>
    <message>
        <source>The product stays on your list.</source>
        <translation>The product stays on your list.</translation>
    </message>
    <message>
        <source>Ask {name} if you have a question.</source>
        <translation>Ask {name} if you have a question.</translation>
    </message>
    <message>
        <source>There is nothing to pay yet</source>
        <translation>There is nothing to pay yet</translation>
    </message>
    <message>
        <source>Your list is empty.</source>
        <translation>Your list is empty.</translation>
    </message>
    <message>
        <source>Scan a product first.</source>
        <translation>Scan a product first.</translation>
    </message>
    <message>
        <source>Please wait for the age check</source>
        <translation>Please wait for the age check</translation>
    </message>
    <message>
        <source>A staff member is coming to check your age.</source>
        <translation>A staff member is coming to check your age.</translation>
    </message>
    <message>
        <source>Please wait for a staff member</source>
        <translation>Please wait for a staff member</translation>
    </message>
    <message>
        <source>A change to your list must be approved first.</source>
        <translation>A change to your list must be approved first.</translation>
    </message>
    <message>
        <source>You can pay after that.</source>
        <translation>You can pay after that.</translation>
    </message>
    <message>
        <source>You cannot pay here right now</source>
        <translation>You cannot pay here right now</translation>
    </message>
    <message>
        <source>The payment terminal does not work. Nothing was paid. Your list is kept.</source>
        <translation>The payment terminal does not work. Nothing was paid. Your list is kept.</translation>
    </message>
    <message>
        <source>Press Help, or pay at the service desk.</source>
        <translation>Press Help, or pay at the service desk.</translation>
    </message>
    <message>
        <source>Pay {amount} on the terminal</source>
        <translation>Pay {amount} on the terminal</translation>
    </message>
    <message>
        <source>Follow the steps on the terminal.</source>
        <translation>Follow the steps on the terminal.</translation>
    </message>
    <message>
        <source>Press Cancel if you want to stop.</source>
        <translation>Press Cancel if you want to stop.</translation>
    </message>
    <message>
        <source>Follow the terminal</source>
        <translation>Follow the terminal</translation>
    </message>
    <message>
        <source>The terminal tells you what to do.</source>
        <translation>The terminal tells you what to do.</translation>
    </message>
    <message>
        <source>We are stopping the payment</source>
        <translation>We are stopping the payment</translation>
    </message>
    <message>
        <source>Please wait. Nothing is paid until the terminal says so.</source>
        <translation>Please wait. Nothing is paid until the terminal says so.</translation>
    </message>
    <message>
        <source>The payment is stopped</source>
        <translation>The payment is stopped</translation>
    </message>
    <message>
        <source>Nothing was paid. Your list is kept.</source>
        <translation>Nothing was paid. Your list is kept.</translation>
    </message>
    <message>
        <source>Press Pay to try again.</source>
        <translation>Press Pay to try again.</translation>
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
        <source>Help is done</source>
        <translation>Help is done</translation>
    </message>
    <message>
        <source>We hope we helped you well.</source>
        <translation>We hope we helped you well.</translation>
    </message>
    <message>
        <source>Go on with your shopping.</source>
        <translation>Go on with your shopping.</translation>
    </message>
    <message>
        <source>Help is cancelled</source>
        <translation>Help is cancelled</translation>
    </message>
    <message>
        <source>No staff member will come.</source>
        <translation>No staff member will come.</translation>
    </message>
    <message>
        <source>Press Help if you need it again.</source>
        <translation>Press Help if you need it again.</translation>
    </message>
    <message>
        <source>A staff member must come for this</source>
        <translation>A staff member must come for this</translation>
    </message>
    <message>
        <source>You cannot cancel this call.</source>
        <translation>You cannot cancel this call.</translation>
    </message>
    <message>
        <source>Please wait. You can keep scanning.</source>
        <translation>Please wait. You can keep scanning.</translation>
    </message>
    <message>
        <source>The scanner works again</source>
        <translation>The scanner works again</translation>
    </message>
    <message>
        <source>You can scan again.</source>
        <translation>You can scan again.</translation>
    </message>
    <message>
        <source>You can get your receipt as a QR code.</source>
        <translation>You can get your receipt as a QR code.</translation>
    </message>
    <message>
        <source>This checkout is closed</source>
        <translation>This checkout is closed</translation>
    </message>
    <message>
        <source>Nothing you scanned is lost. A staff member has been told.</source>
        <translation>Nothing you scanned is lost. A staff member has been told.</translation>
    </message>
    <message>
        <source>Please use another checkout, or wait for a staff member.</source>
        <translation>Please use another checkout, or wait for a staff member.</translation>
    </message>
    <message>
        <source>This checkout is open again</source>
        <translation>This checkout is open again</translation>
    </message>
    <message>
        <source>Your shopping is cancelled</source>
        <translation>Your shopping is cancelled</translation>
    </message>
    <message>
        <source>{name} cancelled it. Nothing was paid.</source>
        <translation>{name} cancelled it. Nothing was paid.</translation>
    </message>
    <message>
        <source>That is not possible now</source>
        <translation>That is not possible now</translation>
    </message>
    <message>
        <source>Nothing was changed.</source>
        <translation>Nothing was changed.</translation>
    </message>
    <message>
        <source>Follow the steps on the screen.</source>
        <translation>Follow the steps on the screen.</translation>
    </message>
    <message>
        <source>You may not do this</source>
        <translation>You may not do this</translation>
    </message>
    <message>
        <source>Your role does not allow it.</source>
        <translation>Your role does not allow it.</translation>
    </message>
    <message>
        <source>Ask a supervisor.</source>
        <translation>Ask a supervisor.</translation>
    </message>
    <message>
        <source>Your payment went through</source>
        <translation>Your payment went through</translation>
    </message>
    <message>
        <source>You paid {amount}. Here is your receipt.</source>
        <translation>You paid {amount}. Here is your receipt.</translation>
    </message>
    <message>
        <source>Choose how you want your receipt.</source>
        <translation>Choose how you want your receipt.</translation>
    </message>
    <message>
        <source>We are still looking for a staff member</source>
        <translation>We are still looking for a staff member</translation>
    </message>
    <message>
        <source>Your call for help is still open.</source>
        <translation>Your call for help is still open.</translation>
    </message>
    <message>
        <source>Please wave to a staff member.</source>
        <translation>Please wave to a staff member.</translation>
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
    <message>
        <source>Try another card, or pay at the service desk.</source>
        <translation>Try another card, or pay at the service desk.</translation>
    </message>
    <message>
        <source>Your card wants its PIN</source>
        <translation>Your card wants its PIN</translation>
    </message>
    <message>
        <source>Put the card in the terminal instead of tapping it, then type your PIN.</source>
        <translation>Put the card in the terminal instead of tapping it, then type your PIN.</translation>
    </message>
    <message>
        <source>The payment did not go through</source>
        <translation>The payment did not go through</translation>
    </message>
    <message>
        <source>Press Try again and follow the terminal.</source>
        <translation>Press Try again and follow the terminal.</translation>
    </message>
    <message>
        <source>The terminal cannot take this payment</source>
        <translation>The terminal cannot take this payment</translation>
    </message>
    <message>
        <source>Nothing was paid. A staff member has been called.</source>
        <translation>Nothing was paid. A staff member has been called.</translation>
    </message>
    <message>
        <source>You can pay at the service desk, or wait here.</source>
        <translation>You can pay at the service desk, or wait here.</translation>
    </message>
    <message>
        <source>Put it aside, or press Help.</source>
        <translation>Put it aside, or press Help.</translation>
    </message>
    <message>
        <source>The deposit is added with the drink itself.</source>
        <translation>The deposit is added with the drink itself.</translation>
    </message>
    <message>
        <source>Scan the barcode of the drink.</source>
        <translation>Scan the barcode of the drink.</translation>
    </message>
    <message>
        <source>That is not one of our bags</source>
        <translation>That is not one of our bags</translation>
    </message>
    <message>
        <source>Pick a bag on the screen, or press Help.</source>
        <translation>Pick a bag on the screen, or press Help.</translation>
    </message>
    <message>
        <source>The weight did not stay still</source>
        <translation>The weight did not stay still</translation>
    </message>
    <message>
        <source>The scale is not empty</source>
        <translation>The scale is not empty</translation>
    </message>
    <message>
        <source>Take everything off the scale and try again.</source>
        <translation>Take everything off the scale and try again.</translation>
    </message>
    <message>
        <source>The scale is still weighing</source>
        <translation>The scale is still weighing</translation>
    </message>
    <message>
        <source>The product before this one is not added yet.</source>
        <translation>The product before this one is not added yet.</translation>
    </message>
    <message>
        <source>Wait until the weight shows, then go on.</source>
        <translation>Wait until the weight shows, then go on.</translation>
    </message>
    <message>
        <source>Put the product aside. Go on scanning, or press Pay.</source>
        <translation>Put the product aside. Go on scanning, or press Pay.</translation>
    </message>
    <message>
        <source>Have your ID ready.</source>
        <translation>Have your ID ready.</translation>
    </message>
    <message>
        <source>Your payment is already running</source>
        <translation>Your payment is already running</translation>
    </message>
    <message>
        <source>Do not pay again.</source>
        <translation>Do not pay again.</translation>
    </message>
    <message>
        <source>Follow the terminal.</source>
        <translation>Follow the terminal.</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>This lane is closed</source>
        <translation>This lane is closed</translation>
    </message>
    <message>
        <source>Something went wrong in this lane. A staff member has been told. Nothing you scanned or paid is lost. Please use another lane.</source>
        <translation>Something went wrong in this lane. A staff member has been told. Nothing you scanned or paid is lost. Please use another lane.</translation>
    </message>
    <message>
        <source>Please use another lane. Thank you.</source>
        <translation>Please use another lane. Thank you.</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
</context>
<context>
    <name>PayingScreen</name>
    <message>
        <source>Insert, tap or swipe your card.</source>
        <translation>Insert, tap or swipe your card.</translation>
    </message>
    <message>
        <source>Type your PIN on the terminal.</source>
        <translation>Type your PIN on the terminal.</translation>
    </message>
    <message>
        <source>The PIN was wrong. Type it again.</source>
        <translation>The PIN was wrong. Type it again.</translation>
    </message>
    <message>
        <source>Please wait.</source>
        <translation>Please wait.</translation>
    </message>
    <message>
        <source>The bank is checking your payment. Please wait.</source>
        <translation>The bank is checking your payment. Please wait.</translation>
    </message>
    <message>
        <source>You can take your card.</source>
        <translation>You can take your card.</translation>
    </message>
    <message>
        <source>Paid.</source>
        <translation>Paid.</translation>
    </message>
    <message>
        <source>The card was declined.</source>
        <translation>The card was declined.</translation>
    </message>
    <message>
        <source>Follow the instructions on the payment terminal</source>
        <translation>Follow the instructions on the payment terminal</translation>
    </message>
    <message>
        <source>Stopping the payment. Please wait for the terminal.</source>
        <translation>Stopping the payment. Please wait for the terminal.</translation>
    </message>
    <message>
        <source>Insert, tap or swipe your card. Then follow the terminal.</source>
        <translation>Insert, tap or swipe your card. Then follow the terminal.</translation>
    </message>
    <message>
        <source>Stopping...</source>
        <translation>Stopping...</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>PaymentUnknownScreen</name>
    <message>
        <source>We are checking your payment with the terminal</source>
        <translation>We are checking your payment with the terminal</translation>
    </message>
    <message>
        <source>You will not be charged twice. Please do not pay again and wait here.</source>
        <translation>You will not be charged twice. Please do not pay again and wait here.</translation>
    </message>
    <message>
        <source>This takes a moment.</source>
        <translation>This takes a moment.</translation>
    </message>
    <message>
        <source>{name} is on the way to help you.</source>
        <translation>{name} is on the way to help you.</translation>
    </message>
    <message>
        <source>A staff member has been called and will check it.</source>
        <translation>A staff member has been called and will check it.</translation>
    </message>
</context>
<context>
    <name>ProducePage</name>
    <message>
        <source>Fruit &amp; vegetables</source>
        <translation>Fruit &amp; vegetables</translation>
    </message>
    <message>
        <source>Search, for example: banana</source>
        <translation>Search, for example: banana</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Search</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>Nothing found. Check the spelling, or press Help.</source>
        <translation>Nothing found. Check the spelling, or press Help.</translation>
    </message>
</context>
<context>
    <name>ProductTile</name>
    <message>
        <source>{price} per kg</source>
        <translation>{price} per kg</translation>
    </message>
    <message>
        <source>{price} each</source>
        <translation>{price} each</translation>
    </message>
</context>
<context>
    <name>RatingButton</name>
    <message>
        <source>Very bad</source>
        <translation>Very bad</translation>
    </message>
    <message>
        <source>Bad</source>
        <translation>Bad</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>Good</translation>
    </message>
    <message>
        <source>Very good</source>
        <translation>Very good</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <source>Thank you, you have paid</source>
        <translation>Thank you, you have paid</translation>
    </message>
    <message>
        <source>Your receipt is printing. Please wait a moment.</source>
        <translation>Your receipt is printing. Please wait a moment.</translation>
    </message>
    <message>
        <source>The printer does not work, so we cannot print a receipt. A staff member has been told.</source>
        <translation>The printer does not work, so we cannot print a receipt. A staff member has been told.</translation>
    </message>
    <message>
        <source>Do you want a receipt?</source>
        <translation>Do you want a receipt?</translation>
    </message>
    <message>
        <source>Scan this code with your phone to get your receipt.</source>
        <translation>Scan this code with your phone to get your receipt.</translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Digital receipt</source>
        <translation>Digital receipt</translation>
    </message>
    <message>
        <source>No receipt</source>
        <translation>No receipt</translation>
    </message>
</context>
<context>
    <name>ShoppingScreen</name>
    <message>
        <source>Put it on the scale</source>
        <translation>Put it on the scale</translation>
    </message>
    <message>
        <source>Weighing...</source>
        <translation>Weighing...</translation>
    </message>
    <message>
        <source>{weight} x {price} per kg</source>
        <translation>{weight} x {price} per kg</translation>
    </message>
    <message>
        <source>{count} x {price}</source>
        <translation>{count} x {price}</translation>
    </message>
    <message>
        <source>Your shopping</source>
        <translation>Your shopping</translation>
    </message>
    <message>
        <source>Scan a product, or choose a way to add one on the right.</source>
        <translation>Scan a product, or choose a way to add one on the right.</translation>
    </message>
    <message>
        <source>One less</source>
        <translation>One less</translation>
    </message>
    <message>
        <source>One more</source>
        <translation>One more</translation>
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
        <source>Fruit &amp; vegetables</source>
        <translation>Fruit &amp; vegetables</translation>
    </message>
    <message>
        <source>Bags</source>
        <translation>Bags</translation>
    </message>
    <message>
        <source>Pay</source>
        <translation>Pay</translation>
    </message>
</context>
<context>
    <name>StaffScreen</name>
    <message>
        <source>Staff login</source>
        <translation>Staff login</translation>
    </message>
    <message>
        <source>Scan your staff badge, or type your staff number and then your PIN.</source>
        <translation>Scan your staff badge, or type your staff number and then your PIN.</translation>
    </message>
    <message>
        <source>Checking...</source>
        <translation>Checking...</translation>
    </message>
    <message>
        <source>Your PIN (staff number {login}):</source>
        <translation>Your PIN (staff number {login}):</translation>
    </message>
    <message>
        <source>Your staff number:</source>
        <translation>Your staff number:</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Staff menu: {name} ({role})</source>
        <translation>Staff menu: {name} ({role})</translation>
    </message>
    <message numerus="yes">
        <source>Open transaction: %n item(s), {total}.</source>
        <translation>
            <numerusform>Open transaction: %n item, {total}.</numerusform>
            <numerusform>Open transaction: %n items, {total}.</numerusform>
        </translation>
    </message>
    <message>
        <source>The lane is out of service.</source>
        <translation>The lane is out of service.</translation>
    </message>
    <message>
        <source>No open transaction.</source>
        <translation>No open transaction.</translation>
    </message>
    <message>
        <source>Waiting for approval: remove {name}.</source>
        <translation>Waiting for approval: remove {name}.</translation>
    </message>
    <message>
        <source>Approve age</source>
        <translation>Approve age</translation>
    </message>
    <message>
        <source>Approve removal</source>
        <translation>Approve removal</translation>
    </message>
    <message>
        <source>Refuse removal</source>
        <translation>Refuse removal</translation>
    </message>
    <message>
        <source>Key in an item</source>
        <translation>Key in an item</translation>
    </message>
    <message>
        <source>Cancel transaction</source>
        <translation>Cancel transaction</translation>
    </message>
    <message>
        <source>Close the lane</source>
        <translation>Close the lane</translation>
    </message>
    <message>
        <source>Open the lane</source>
        <translation>Open the lane</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnostics</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Log out</translation>
    </message>
    <message>
        <source>Code {code}: type the price in cents, or use the catalogue price.</source>
        <translation>Code {code}: type the price in cents, or use the catalogue price.</translation>
    </message>
    <message>
        <source>Type the item&apos;s barcode or PLU code.</source>
        <translation>Type the item&apos;s barcode or PLU code.</translation>
    </message>
    <message>
        <source>Catalogue price</source>
        <translation>Catalogue price</translation>
    </message>
    <message>
        <source>Staff number, PIN or badge not accepted. Please try again.</source>
        <translation>Staff number, PIN or badge not accepted. Please try again.</translation>
    </message>
    <message>
        <source>Too many tries. Login is locked until {time}.</source>
        <translation>Too many tries. Login is locked until {time}.</translation>
    </message>
    <message>
        <source>Too many tries. Login is locked for a while.</source>
        <translation>Too many tries. Login is locked for a while.</translation>
    </message>
    <message>
        <source>This staff account is disabled. Ask a supervisor.</source>
        <translation>This staff account is disabled. Ask a supervisor.</translation>
    </message>
    <message>
        <source>Staff cannot log in at this moment. Try again in a moment.</source>
        <translation>Staff cannot log in at this moment. Try again in a moment.</translation>
    </message>
    <message>
        <source>Staff login is not available on this lane now.</source>
        <translation>Staff login is not available on this lane now.</translation>
    </message>
</context>
<context>
    <name>SuspendedScreen</name>
    <message>
        <source>Your shopping is paused</source>
        <translation>Your shopping is paused</translation>
    </message>
    <message>
        <source>Your items are saved. A staff member has been called. Are you back? Tap Continue shopping.</source>
        <translation>Your items are saved. A staff member has been called. Are you back? Tap Continue shopping.</translation>
    </message>
    <message>
        <source>Continue shopping</source>
        <translation>Continue shopping</translation>
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
<context>
    <name>_Page</name>
    <message>
        <source>Back to my shopping</source>
        <translation>Back to my shopping</translation>
    </message>
</context>
<context>
    <name>_TileGrid</name>
    <message>
        <source>Previous</source>
        <translation>Previous</translation>
    </message>
    <message>
        <source>More</source>
        <translation>More</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>Page {page} of {pages}</translation>
    </message>
</context>
</TS>
