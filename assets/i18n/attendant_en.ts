<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AddItemDialog</name>
    <message>
        <source>Search by name, or scan or type the barcode.</source>
        <translation>Search by name, or scan or type the barcode.</translation>
    </message>
    <message>
        <source>Add to the cart</source>
        <translation>Add to the cart</translation>
    </message>
    <message>
        <source>Product name, e.g. banana</source>
        <translation>Product name, e.g. banana</translation>
    </message>
    <message>
        <source>Barcode or product code</source>
        <translation>Barcode or product code</translation>
    </message>
    <message>
        <source>Quantity: </source>
        <translation>Quantity: </translation>
    </message>
</context>
<context>
    <name>CallCard</name>
    <message>
        <source>New</source>
        <translation>New</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Waiting long</source>
        <translation>Waiting long</translation>
    </message>
    <message>
        <source>{reason} (escalated)</source>
        <translation>{reason} (escalated)</translation>
    </message>
    <message>
        <source>Show the lane</source>
        <translation>Show the lane</translation>
    </message>
</context>
<context>
    <name>ConsoleTexts</name>
    <message>
        <source>Log in first.</source>
        <translation>Log in first.</translation>
    </message>
    <message>
        <source>Your staff account is switched off.</source>
        <translation>Your staff account is switched off.</translation>
    </message>
    <message>
        <source>Only a supervisor may do this.</source>
        <translation>Only a supervisor may do this.</translation>
    </message>
    <message>
        <source>Only a technician may do this.</source>
        <translation>Only a technician may do this.</translation>
    </message>
    <message>
        <source>Only attendants and supervisors help shoppers.</source>
        <translation>Only attendants and supervisors help shoppers.</translation>
    </message>
    <message>
        <source>The lane is offline.</source>
        <translation>The lane is offline.</translation>
    </message>
    <message>
        <source>No connection with the store network.</source>
        <translation>No connection with the store network.</translation>
    </message>
    <message>
        <source>There is no open help call.</source>
        <translation>There is no open help call.</translation>
    </message>
    <message>
        <source>No age check is waiting.</source>
        <translation>No age check is waiting.</translation>
    </message>
    <message>
        <source>No removal is waiting for approval.</source>
        <translation>No removal is waiting for approval.</translation>
    </message>
    <message>
        <source>No shopper is checking out.</source>
        <translation>No shopper is checking out.</translation>
    </message>
    <message>
        <source>Pick an item in the cart first.</source>
        <translation>Pick an item in the cart first.</translation>
    </message>
    <message>
        <source>There is no purchase to print.</source>
        <translation>There is no purchase to print.</translation>
    </message>
    <message>
        <source>The lane is closed already.</source>
        <translation>The lane is closed already.</translation>
    </message>
    <message>
        <source>The lane is open already.</source>
        <translation>The lane is open already.</translation>
    </message>
    <message>
        <source>What was typed cannot be sent to the lane.</source>
        <translation>What was typed cannot be sent to the lane.</translation>
    </message>
    <message>
        <source>Not possible now.</source>
        <translation>Not possible now.</translation>
    </message>
    <message>
        <source>{lane}: “{action}” sent. Waiting for the lane…</source>
        <translation>{lane}: “{action}” sent. Waiting for the lane…</translation>
    </message>
    <message>
        <source>{lane}: “{action}” done.</source>
        <translation>{lane}: “{action}” done.</translation>
    </message>
    <message>
        <source>{device}: {state}</source>
        <translation>{device}: {state}</translation>
    </message>
    <message>
        <source>{name} took this call first</source>
        <translation>{name} took this call first</translation>
    </message>
    <message>
        <source>{lane} did not do “{action}”: {reason}.</source>
        <translation>{lane} did not do “{action}”: {reason}.</translation>
    </message>
    <message>
        <source>{lane} did not answer “{action}” in time. Look at the lane, and try again if needed.</source>
        <translation>{lane} did not answer “{action}” in time. Look at the lane, and try again if needed.</translation>
    </message>
    <message>
        <source>“{action}” is not possible: {reason}</source>
        <translation>“{action}” is not possible: {reason}</translation>
    </message>
    <message>
        <source>“{action}” was not sent: {reason} Try again in a moment.</source>
        <translation>“{action}” was not sent: {reason} Try again in a moment.</translation>
    </message>
    <message>
        <source>“{action}” was not sent: {reason}</source>
        <translation>“{action}” was not sent: {reason}</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Offline since {time}</source>
        <translation>Offline since {time}</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Online, no news yet</source>
        <translation>Online, no news yet</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Free</translation>
    </message>
    <message>
        <source>Needs help</source>
        <translation>Needs help</translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation>Waiting for approval</translation>
    </message>
    <message>
        <source>Closed by staff</source>
        <translation>Closed by staff</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>Out of service</translation>
    </message>
    <message>
        <source>Staff at the lane</source>
        <translation>Staff at the lane</translation>
    </message>
    <message>
        <source>Shopping</source>
        <translation>Shopping</translation>
    </message>
    <message>
        <source>Devices: not reported</source>
        <translation>Devices: not reported</translation>
    </message>
    <message>
        <source>All devices working</source>
        <translation>All devices working</translation>
    </message>
    <message>
        <source>{device}: {problem}</source>
        <translation>{device}: {problem}</translation>
    </message>
    <message>
        <source>(+{count} more)</source>
        <translation>(+{count} more)</translation>
    </message>
    <message>
        <source>Waiting for staff</source>
        <translation>Waiting for staff</translation>
    </message>
    <message>
        <source>Paying</source>
        <translation>Paying</translation>
    </message>
    <message>
        <source>Card declined</source>
        <translation>Card declined</translation>
    </message>
    <message>
        <source>Checking the payment</source>
        <translation>Checking the payment</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>Shopper inactive?</source>
        <translation>Shopper inactive?</translation>
    </message>
    <message>
        <source>Cart set aside</source>
        <translation>Cart set aside</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnostics</translation>
    </message>
    <message>
        <source>Item not found</source>
        <translation>Item not found</translation>
    </message>
    <message>
        <source>Age check</source>
        <translation>Age check</translation>
    </message>
    <message>
        <source>Approve removing an item</source>
        <translation>Approve removing an item</translation>
    </message>
    <message>
        <source>Payment unclear</source>
        <translation>Payment unclear</translation>
    </message>
    <message>
        <source>Device problem</source>
        <translation>Device problem</translation>
    </message>
    <message>
        <source>Shopper asks for help</source>
        <translation>Shopper asks for help</translation>
    </message>
    <message>
        <source>Shopper inactive</source>
        <translation>Shopper inactive</translation>
    </message>
    <message>
        <source>an item will not scan</source>
        <translation>an item will not scan</translation>
    </message>
    <message>
        <source>a question about a price</source>
        <translation>a question about a price</translation>
    </message>
    <message>
        <source>bags</source>
        <translation>bags</translation>
    </message>
    <message>
        <source>another question</source>
        <translation>another question</translation>
    </message>
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
        <source>Card terminal</source>
        <translation>Card terminal</translation>
    </message>
    <message>
        <source>Lane light</source>
        <translation>Lane light</translation>
    </message>
    <message>
        <source>working</source>
        <translation>working</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>not connected</translation>
    </message>
    <message>
        <source>fault</source>
        <translation>fault</translation>
    </message>
    <message>
        <source>switched off</source>
        <translation>switched off</translation>
    </message>
    <message>
        <source>unplugged</source>
        <translation>unplugged</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>not found</translation>
    </message>
    <message>
        <source>no access</source>
        <translation>no access</translation>
    </message>
    <message>
        <source>does not answer</source>
        <translation>does not answer</translation>
    </message>
    <message>
        <source>unexpected answer</source>
        <translation>unexpected answer</translation>
    </message>
    <message>
        <source>paper is out</source>
        <translation>paper is out</translation>
    </message>
    <message>
        <source>cover is open</source>
        <translation>cover is open</translation>
    </message>
    <message>
        <source>paper cutter stuck</source>
        <translation>paper cutter stuck</translation>
    </message>
    <message>
        <source>mechanical fault</source>
        <translation>mechanical fault</translation>
    </message>
    <message>
        <source>needs a restart</source>
        <translation>needs a restart</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message>
        <source>connection lost</source>
        <translation>connection lost</translation>
    </message>
    <message>
        <source>busy</source>
        <translation>busy</translation>
    </message>
    <message>
        <source>not registered</source>
        <translation>not registered</translation>
    </message>
    <message>
        <source>outcome unknown</source>
        <translation>outcome unknown</translation>
    </message>
    <message>
        <source>overloaded</source>
        <translation>overloaded</translation>
    </message>
    <message>
        <source>below zero</source>
        <translation>below zero</translation>
    </message>
    <message>
        <source>shopper did not act</source>
        <translation>shopper did not act</translation>
    </message>
    <message>
        <source>other fault</source>
        <translation>other fault</translation>
    </message>
    <message>
        <source>refused by the bank</source>
        <translation>refused by the bank</translation>
    </message>
    <message>
        <source>not enough money</source>
        <translation>not enough money</translation>
    </message>
    <message>
        <source>card not accepted</source>
        <translation>card not accepted</translation>
    </message>
    <message>
        <source>wrong PIN</source>
        <translation>wrong PIN</translation>
    </message>
    <message>
        <source>card must be inserted</source>
        <translation>card must be inserted</translation>
    </message>
    <message>
        <source>card expired</source>
        <translation>card expired</translation>
    </message>
    <message>
        <source>card unreadable</source>
        <translation>card unreadable</translation>
    </message>
    <message>
        <source>stopped by the shopper</source>
        <translation>stopped by the shopper</translation>
    </message>
    <message>
        <source>stopped by the lane</source>
        <translation>stopped by the lane</translation>
    </message>
    <message>
        <source>not processed</source>
        <translation>not processed</translation>
    </message>
    <message>
        <source>terminal busy</source>
        <translation>terminal busy</translation>
    </message>
    <message>
        <source>took too long</source>
        <translation>took too long</translation>
    </message>
    <message>
        <source>terminal error</source>
        <translation>terminal error</translation>
    </message>
    <message>
        <source>other reason</source>
        <translation>other reason</translation>
    </message>
    <message>
        <source>off</source>
        <translation>off</translation>
    </message>
    <message>
        <source>green</source>
        <translation>green</translation>
    </message>
    <message>
        <source>amber</source>
        <translation>amber</translation>
    </message>
    <message>
        <source>red</source>
        <translation>red</translation>
    </message>
    <message>
        <source>it reached the lane too late; try again</source>
        <translation>it reached the lane too late; try again</translation>
    </message>
    <message>
        <source>the shopper&apos;s transaction has changed; look again</source>
        <translation>the shopper&apos;s transaction has changed; look again</translation>
    </message>
    <message>
        <source>your role may not do this</source>
        <translation>your role may not do this</translation>
    </message>
    <message>
        <source>a colleague took this call first</source>
        <translation>a colleague took this call first</translation>
    </message>
    <message>
        <source>the lane does not know this call</source>
        <translation>the lane does not know this call</translation>
    </message>
    <message>
        <source>the call is closed already</source>
        <translation>the call is closed already</translation>
    </message>
    <message>
        <source>this item is no longer in the cart</source>
        <translation>this item is no longer in the cart</translation>
    </message>
    <message>
        <source>this code is not in the catalog</source>
        <translation>this code is not in the catalog</translation>
    </message>
    <message>
        <source>the lane cannot do this now</source>
        <translation>the lane cannot do this now</translation>
    </message>
    <message>
        <source>the lane did not understand it</source>
        <translation>the lane did not understand it</translation>
    </message>
    <message>
        <source>this lane&apos;s software does not know it yet</source>
        <translation>this lane&apos;s software does not know it yet</translation>
    </message>
    <message>
        <source>a device of the lane failed</source>
        <translation>a device of the lane failed</translation>
    </message>
    <message>
        <source>Attendant</source>
        <translation>Attendant</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Technician</translation>
    </message>
    <message>
        <source>On my way</source>
        <translation>On my way</translation>
    </message>
    <message>
        <source>Take the call</source>
        <translation>Take the call</translation>
    </message>
    <message>
        <source>Age OK</source>
        <translation>Age OK</translation>
    </message>
    <message>
        <source>Age not shown</source>
        <translation>Age not shown</translation>
    </message>
    <message>
        <source>Allow removal</source>
        <translation>Allow removal</translation>
    </message>
    <message>
        <source>Refuse removal</source>
        <translation>Refuse removal</translation>
    </message>
    <message>
        <source>Add an item</source>
        <translation>Add an item</translation>
    </message>
    <message>
        <source>Remove the item</source>
        <translation>Remove the item</translation>
    </message>
    <message>
        <source>Cancel the purchase</source>
        <translation>Cancel the purchase</translation>
    </message>
    <message>
        <source>Reverse the card payment</source>
        <translation>Reverse the card payment</translation>
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
        <source>Paid at the service desk</source>
        <translation>Paid at the service desk</translation>
    </message>
    <message>
        <source>Print the receipt again</source>
        <translation>Print the receipt again</translation>
    </message>
    <message>
        <source>Check the devices</source>
        <translation>Check the devices</translation>
    </message>
    <message>
        <source>Done: close the call</source>
        <translation>Done: close the call</translation>
    </message>
    <message>
        <source>Keyed in an item</source>
        <translation>Keyed in an item</translation>
    </message>
    <message>
        <source>Answered a help call</source>
        <translation>Answered a help call</translation>
    </message>
    <message>
        <source>Settled the payment</source>
        <translation>Settled the payment</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>{colour}, flashing</source>
        <translation>{colour}, flashing</translation>
    </message>
    <message>
        <source>{light}, buzzer on</source>
        <translation>{light}, buzzer on</translation>
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
        <translation>{hours} h {minutes} min</translation>
    </message>
    <message>
        <source>Asks about: {topic}</source>
        <translation>Asks about: {topic}</translation>
    </message>
    <message>
        <source>Code {code}</source>
        <translation>Code {code}</translation>
    </message>
    <message>
        <source>Amount {amount}</source>
        <translation>Amount {amount}</translation>
    </message>
    <message>
        <source>Declined: {reason}</source>
        <translation>Declined: {reason}</translation>
    </message>
    <message>
        <source>In the cart: {total}</source>
        <translation>In the cart: {total}</translation>
    </message>
    <message>
        <source>Someone is on the way</source>
        <translation>Someone is on the way</translation>
    </message>
    <message>
        <source>Nobody is on the way yet</source>
        <translation>Nobody is on the way yet</translation>
    </message>
    <message>
        <source>{name} is on the way</source>
        <translation>{name} is on the way</translation>
    </message>
    <message>
        <source>{name} took the call</source>
        <translation>{name} took the call</translation>
    </message>
</context>
<context>
    <name>ConsoleWindow</name>
    <message>
        <source>Connected to the lanes</source>
        <translation>Connected to the lanes</translation>
    </message>
    <message>
        <source>No connection with the lanes: trying again</source>
        <translation>No connection with the lanes: trying again</translation>
    </message>
    <message>
        <source>Service desk · {store}</source>
        <translation>Service desk · {store}</translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation>Not logged in</translation>
    </message>
    <message>
        <source>Lanes</source>
        <translation>Lanes</translation>
    </message>
    <message>
        <source>Figures</source>
        <translation>Figures</translation>
    </message>
    <message>
        <source>Nederlands</source>
        <translation>Nederlands</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>Log out</translation>
    </message>
</context>
<context>
    <name>FiguresPanel</name>
    <message>
        <source>{start} to {end}</source>
        <translation>{start} to {end}</translation>
    </message>
    <message numerus="yes">
        <source>%n call(s)</source>
        <translation>
            <numerusform>%n call</numerusform>
            <numerusform>%n calls</numerusform>
        </translation>
    </message>
    <message>
        <source>{rate} per hour</source>
        <translation>{rate} per hour</translation>
    </message>
    <message>
        <source>{time} until someone comes</source>
        <translation>{time} until someone comes</translation>
    </message>
    <message>
        <source>Until someone is on the way: half within {p50}, 9 in 10 within {p90}</source>
        <translation>Until someone is on the way: half within {p50}, 9 in 10 within {p90}</translation>
    </message>
    <message>
        <source>Until the call is closed: half within {p50}, 9 in 10 within {p90}</source>
        <translation>Until the call is closed: half within {p50}, 9 in 10 within {p90}</translation>
    </message>
    <message>
        <source>Calls counted: {count}</source>
        <translation>Calls counted: {count}</translation>
    </message>
    <message>
        <source>{ratio} per 100 purchases</source>
        <translation>{ratio} per 100 purchases</translation>
    </message>
    <message>
        <source>Purchases: {count}</source>
        <translation>Purchases: {count}</translation>
    </message>
    <message>
        <source>Staff interventions: {count}</source>
        <translation>Staff interventions: {count}</translation>
    </message>
    <message>
        <source>Interventions per 100 purchases: {ratio}</source>
        <translation>Interventions per 100 purchases: {ratio}</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>not known</translation>
    </message>
    <message>
        <source>{mean} of 5</source>
        <translation>{mean} of 5</translation>
    </message>
    <message numerus="yes">
        <source>Average {mean} of 5 from %n rating(s)</source>
        <translation>
            <numerusform>Average {mean} of 5 from %n rating</numerusform>
            <numerusform>Average {mean} of 5 from %n ratings</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the service figures</source>
        <translation>Save the service figures</translation>
    </message>
    <message>
        <source>Saved: {path}</source>
        <translation>Saved: {path}</translation>
    </message>
    <message>
        <source>Not saved: {problem}. Pick another folder.</source>
        <translation>Not saved: {problem}. Pick another folder.</translation>
    </message>
    <message>
        <source>The figures are still being counted. Try again in a moment.</source>
        <translation>The figures are still being counted. Try again in a moment.</translation>
    </message>
    <message>
        <source>The figures could not be counted. Try again, or ask the technician.</source>
        <translation>The figures could not be counted. Try again, or ask the technician.</translation>
    </message>
    <message>
        <source>Service figures</source>
        <translation>Service figures</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Last 7 days</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <source>Help calls by reason</source>
        <translation>Help calls by reason</translation>
    </message>
    <message>
        <source>Waiting times</source>
        <translation>Waiting times</translation>
    </message>
    <message>
        <source>Purchases and interventions</source>
        <translation>Purchases and interventions</translation>
    </message>
    <message>
        <source>Declined card payments by cause</source>
        <translation>Declined card payments by cause</translation>
    </message>
    <message>
        <source>Shoppers&apos; rating of the help</source>
        <translation>Shoppers&apos; rating of the help</translation>
    </message>
    <message>
        <source>Device faults per lane</source>
        <translation>Device faults per lane</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>Calls</translation>
    </message>
    <message>
        <source>Per hour</source>
        <translation>Per hour</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>Cause</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Lane</source>
        <translation>Lane</translation>
    </message>
    <message>
        <source>Faults</source>
        <translation>Faults</translation>
    </message>
</context>
<context>
    <name>HelpQueueView</name>
    <message numerus="yes">
        <source>Help calls (%n)</source>
        <translation>
            <numerusform>Help calls (%n)</numerusform>
            <numerusform>Help calls (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Help calls</source>
        <translation>Help calls</translation>
    </message>
    <message>
        <source>Nobody is waiting for help. New calls appear here, with a sound.</source>
        <translation>Nobody is waiting for help. New calls appear here, with a sound.</translation>
    </message>
</context>
<context>
    <name>LaneDetailPage</name>
    <message>
        <source>{state} for {time}</source>
        <translation>{state} for {time}</translation>
    </message>
    <message>
        <source>{name} is at the lane</source>
        <translation>{name} is at the lane</translation>
    </message>
    <message>
        <source>{device}: {state}</source>
        <translation>{device}: {state}</translation>
    </message>
    <message>
        <source>Lane light: {light}</source>
        <translation>Lane light: {light}</translation>
    </message>
    <message>
        <source>No events stored yet.</source>
        <translation>No events stored yet.</translation>
    </message>
    <message>
        <source>{grams} g</source>
        <translation>{grams} g</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) · total {total}</source>
        <translation>
            <numerusform>%n item · total {total}</numerusform>
            <numerusform>%n items · total {total}</numerusform>
        </translation>
    </message>
    <message>
        <source>Payment of {amount}: {status}</source>
        <translation>Payment of {amount}: {status}</translation>
    </message>
    <message>
        <source>at the card terminal</source>
        <translation>at the card terminal</translation>
    </message>
    <message>
        <source>outcome unclear, being checked</source>
        <translation>outcome unclear, being checked</translation>
    </message>
    <message>
        <source>declined</source>
        <translation>declined</translation>
    </message>
    <message>
        <source>No open help calls.</source>
        <translation>No open help calls.</translation>
    </message>
    <message>
        <source>Help call: {reason}</source>
        <translation>Help call: {reason}</translation>
    </message>
    <message>
        <source>Help call: {reason}, {who}</source>
        <translation>Help call: {reason}, {who}</translation>
    </message>
    <message>
        <source>Help call closed: {reason}</source>
        <translation>Help call closed: {reason}</translation>
    </message>
    <message>
        <source>The shopper rated the help {rating} of 5</source>
        <translation>The shopper rated the help {rating} of 5</translation>
    </message>
    <message>
        <source>at the lane</source>
        <translation>at the lane</translation>
    </message>
    <message>
        <source>{name} ({where}): {action}</source>
        <translation>{name} ({where}): {action}</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>paid</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>set aside</source>
        <translation>set aside</translation>
    </message>
    <message>
        <source>paid at the service desk</source>
        <translation>paid at the service desk</translation>
    </message>
    <message>
        <source>Purchase {outcome}: {total}</source>
        <translation>Purchase {outcome}: {total}</translation>
    </message>
    <message>
        <source>Fault: {device}, {problem}</source>
        <translation>Fault: {device}, {problem}</translation>
    </message>
    <message>
        <source>Working again: {device}</source>
        <translation>Working again: {device}</translation>
    </message>
    <message>
        <source>{action}: {reason}</source>
        <translation>{action}: {reason}</translation>
    </message>
    <message>
        <source>Age OK at {lane}?</source>
        <translation>Age OK at {lane}?</translation>
    </message>
    <message>
        <source>Only when you have seen an ID that shows the shopper is old enough.</source>
        <translation>Only when you have seen an ID that shows the shopper is old enough.</translation>
    </message>
    <message>
        <source>No proof of age at {lane}?</source>
        <translation>No proof of age at {lane}?</translation>
    </message>
    <message>
        <source>The items with an age limit are taken off the receipt.</source>
        <translation>The items with an age limit are taken off the receipt.</translation>
    </message>
    <message>
        <source>Add an item at {lane}</source>
        <translation>Add an item at {lane}</translation>
    </message>
    <message>
        <source>Remove this item at {lane}?</source>
        <translation>Remove this item at {lane}?</translation>
    </message>
    <message>
        <source>Cancel the whole purchase at {lane}?</source>
        <translation>Cancel the whole purchase at {lane}?</translation>
    </message>
    <message>
        <source>The cart is emptied and the shopper has not paid. This cannot be undone.</source>
        <translation>The cart is emptied and the shopper has not paid. This cannot be undone.</translation>
    </message>
    <message>
        <source>Paid at the service desk for {lane}?</source>
        <translation>Paid at the service desk for {lane}?</translation>
    </message>
    <message>
        <source>Only when the shopper paid {total} at the desk. The lane closes the purchase.</source>
        <translation>Only when the shopper paid {total} at the desk. The lane closes the purchase.</translation>
    </message>
    <message>
        <source>Reverse the card payment at {lane}?</source>
        <translation>Reverse the card payment at {lane}?</translation>
    </message>
    <message>
        <source>The money goes back to the shopper&apos;s card. This cannot be undone.</source>
        <translation>The money goes back to the shopper&apos;s card. This cannot be undone.</translation>
    </message>
    <message>
        <source>Close {lane}?</source>
        <translation>Close {lane}?</translation>
    </message>
    <message>
        <source>Shoppers cannot start there until it is opened again. Why? (optional)</source>
        <translation>Shoppers cannot start there until it is opened again. Why? (optional)</translation>
    </message>
    <message>
        <source>Close the help call at {lane}</source>
        <translation>Close the help call at {lane}</translation>
    </message>
    <message>
        <source>Helped</source>
        <translation>Helped</translation>
    </message>
    <message>
        <source>Item keyed in</source>
        <translation>Item keyed in</translation>
    </message>
    <message>
        <source>Shopper left</source>
        <translation>Shopper left</translation>
    </message>
    <message>
        <source>Nothing needed</source>
        <translation>Nothing needed</translation>
    </message>
    <message>
        <source>All lanes</source>
        <translation>All lanes</translation>
    </message>
    <message>
        <source>Cart</source>
        <translation>Cart</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Price</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Quantity</translation>
    </message>
    <message>
        <source>Help calls: pick one to act on it</source>
        <translation>Help calls: pick one to act on it</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>Recent events</source>
        <translation>Recent events</translation>
    </message>
    <message>
        <source>The help call</source>
        <translation>The help call</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Approvals</translation>
    </message>
    <message>
        <source>Cart and payment</source>
        <translation>Cart and payment</translation>
    </message>
    <message>
        <source>The lane</source>
        <translation>The lane</translation>
    </message>
</context>
<context>
    <name>LaneTile</name>
    <message>
        <source>No purchase</source>
        <translation>No purchase</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) · {total}</source>
        <translation>
            <numerusform>%n item · {total}</numerusform>
            <numerusform>%n items · {total}</numerusform>
        </translation>
    </message>
    <message>
        <source>Last known: {state}</source>
        <translation>Last known: {state}</translation>
    </message>
    <message>
        <source>{state} for {time}</source>
        <translation>{state} for {time}</translation>
    </message>
    <message>
        <source>Lane light: {light}</source>
        <translation>Lane light: {light}</translation>
    </message>
    <message numerus="yes">
        <source>%n help call(s) open</source>
        <translation>
            <numerusform>%n help call open</numerusform>
            <numerusform>%n help calls open</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <source>Login number or PIN not accepted. Check them and try again.</source>
        <translation>Login number or PIN not accepted. Check them and try again.</translation>
    </message>
    <message>
        <source>Too many failed attempts. Logging in here is blocked until {until}. A supervisor can lift the block sooner.</source>
        <translation>Too many failed attempts. Logging in here is blocked until {until}. A supervisor can lift the block sooner.</translation>
    </message>
    <message>
        <source>This staff account is switched off. Ask a supervisor.</source>
        <translation>This staff account is switched off. Ask a supervisor.</translation>
    </message>
    <message>
        <source>Logging in is not possible: the staff list cannot be opened. Ask a supervisor or the technician.</source>
        <translation>Logging in is not possible: the staff list cannot be opened. Ask a supervisor or the technician.</translation>
    </message>
    <message>
        <source>Type your login number first.</source>
        <translation>Type your login number first.</translation>
    </message>
    <message>
        <source>Type your PIN.</source>
        <translation>Type your PIN.</translation>
    </message>
    <message>
        <source>Scan your badge, or type its code.</source>
        <translation>Scan your badge, or type its code.</translation>
    </message>
    <message>
        <source>You were logged out because the console was not used for a while. Log in again to go on.</source>
        <translation>You were logged out because the console was not used for a while. Log in again to go on.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Logging in did not work. Try again, or ask the technician.</source>
        <translation>Logging in did not work. Try again, or ask the technician.</translation>
    </message>
    <message>
        <source>Log in to the service desk</source>
        <translation>Log in to the service desk</translation>
    </message>
    <message>
        <source>Login number and PIN</source>
        <translation>Login number and PIN</translation>
    </message>
    <message>
        <source>Badge</source>
        <translation>Badge</translation>
    </message>
    <message>
        <source>Login number</source>
        <translation>Login number</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Hold your badge to the reader, or type its code.</source>
        <translation>Hold your badge to the reader, or type its code.</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Log in</translation>
    </message>
</context>
<context>
    <name>OutcomeDialog</name>
    <message>
        <source>How did it end? Tap one, or type it.</source>
        <translation>How did it end? Tap one, or type it.</translation>
    </message>
    <message>
        <source>Close the call</source>
        <translation>Close the call</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>Log in</translation>
    </message>
</context>
</TS>
