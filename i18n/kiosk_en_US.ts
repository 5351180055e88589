<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Admin</name>
    <message>
        <source>this terminal keeps no settings file</source>
        <translation>this terminal keeps no settings file</translation>
    </message>
</context>
<context>
    <name>AdminScreen</name>
    <message>
        <source>The staff settings close in %1 seconds. Tap the screen to stay.</source>
        <translation>The staff settings close in %1 seconds. Tap the screen to stay.</translation>
    </message>
    <message>
        <source>%1: saved.</source>
        <translation>%1: saved.</translation>
    </message>
    <message>
        <source>%1: changed until the kiosk restarts, but not saved (%2).</source>
        <translation>%1: changed until the kiosk restarts, but not saved (%2).</translation>
    </message>
    <message>
        <source>on</source>
        <translation>on</translation>
    </message>
    <message>
        <source>off</source>
        <translation>off</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>a setting and its state: Speech: on</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Turn off</source>
        <translation>Turn off</translation>
    </message>
    <message>
        <source>Turn on</source>
        <translation>Turn on</translation>
    </message>
</context>
<context>
    <name>CallEndedScreen</name>
    <message>
        <source>Call back</source>
        <translation>Call back</translation>
    </message>
    <message>
        <source>Make the video call again</source>
        <translation>Make the video call again</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>Go back</translation>
    </message>
    <message>
        <source>Video call</source>
        <translation>Video call</translation>
    </message>
</context>
<context>
    <name>CallView</name>
    <message>
        <source>Video of the call</source>
        <translation>Video of the call</translation>
    </message>
</context>
<context>
    <name>CallWords</name>
    <message>
        <source>%1 hung up.</source>
        <translation>%1 hung up.</translation>
    </message>
    <message>
        <source>You hung up.</source>
        <translation>You hung up.</translation>
    </message>
    <message>
        <source>The network was cut off, so the call ended.</source>
        <translation>The network was cut off, so the call ended.</translation>
    </message>
    <message>
        <source>%1 cannot answer now.</source>
        <translation>%1 cannot answer now.</translation>
    </message>
    <message>
        <source>%1 did not answer.</source>
        <translation>%1 did not answer.</translation>
    </message>
    <message>
        <source>%1 is already in a call.</source>
        <translation>%1 is already in a call.</translation>
    </message>
    <message>
        <source>It is quiet time now, so calls are not put through.</source>
        <translation>It is quiet time now, so calls are not put through.</translation>
    </message>
    <message>
        <source>Calls are paused for now. Staff can tell you more.</source>
        <translation>Calls are paused for now. Staff can tell you more.</translation>
    </message>
    <message>
        <source>%1 cannot take calls at the moment.</source>
        <translation>%1 cannot take calls at the moment.</translation>
    </message>
    <message>
        <source>%1 is not online now. Try again later.</source>
        <translation>%1 is not online now. Try again later.</translation>
    </message>
    <message>
        <source>The call was cancelled.</source>
        <translation>The call was cancelled.</translation>
    </message>
    <message>
        <source>The call has ended.</source>
        <translation>The call has ended.</translation>
    </message>
    <message>
        <source>The center cannot be reached right now. Please try again later.</source>
        <translation>The center cannot be reached right now. Please try again later.</translation>
    </message>
    <message>
        <source>This tablet is not connected to the center. Please tell staff.</source>
        <translation>This tablet is not connected to the center. Please tell staff.</translation>
    </message>
    <message>
        <source>This call is no longer there.</source>
        <translation>This call is no longer there.</translation>
    </message>
    <message>
        <source>The call could not be made. Please try again later.</source>
        <translation>The call could not be made. Please try again later.</translation>
    </message>
    <message>
        <source>The camera cannot be used. Please tell staff.</source>
        <translation>The camera cannot be used. Please tell staff.</translation>
    </message>
    <message>
        <source>The microphone cannot be used. Please tell staff.</source>
        <translation>The microphone cannot be used. Please tell staff.</translation>
    </message>
    <message>
        <source>The camera was not allowed. Please tell staff.</source>
        <translation>The camera was not allowed. Please tell staff.</translation>
    </message>
    <message>
        <source>The call could not be joined. Please call again.</source>
        <translation>The call could not be joined. Please call again.</translation>
    </message>
    <message>
        <source>Something went wrong with the call. Please try again.</source>
        <translation>Something went wrong with the call. Please try again.</translation>
    </message>
    <message>
        <source>Video calls cannot start on this tablet. Please tell staff.</source>
        <translation>Video calls cannot start on this tablet. Please tell staff.</translation>
    </message>
    <message>
        <source>The call to %1 did not get through. Please try again later.</source>
        <translation>The call to %1 did not get through. Please try again later.</translation>
    </message>
</context>
<context>
    <name>CancelConfirmScreen</name>
    <message>
        <source>Cancel this order? %1</source>
        <translation>Cancel this order? %1</translation>
    </message>
    <message>
        <source>No, keep it</source>
        <translation>No, keep it</translation>
    </message>
    <message>
        <source>Yes, cancel it</source>
        <translation>Yes, cancel it</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>Cancel order</translation>
    </message>
    <message>
        <source>Cancelled: %1.</source>
        <translation>Cancelled: %1.</translation>
    </message>
    <message>
        <source>This order is already on its way and can no longer be cancelled.</source>
        <translation>This order is already on its way and can no longer be cancelled.</translation>
    </message>
</context>
<context>
    <name>CheckInScreen</name>
    <message>
        <source>Elders, please show your card.</source>
        <translation>Elders, please show your card.</translation>
    </message>
    <message>
        <source>Start the lesson</source>
        <translation>Start the lesson</translation>
    </message>
    <message>
        <source>Show the first step to the elders checked in</source>
        <translation>Show the first step to the elders checked in</translation>
    </message>
    <message>
        <source>Check in this card</source>
        <translation>Check in this card</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>Check in</translation>
    </message>
    <message>
        <source>Nobody is checked in yet.</source>
        <translation>Nobody is checked in yet.</translation>
    </message>
    <message>
        <source>Checked in (%1): %2</source>
        <translation>Checked in (%1): %2</translation>
    </message>
    <message>
        <source>The card could not be checked on this kiosk. Please try again.</source>
        <translation>The card could not be checked on this kiosk. Please try again.</translation>
    </message>
    <message>
        <source>No resident has this card number. Please check it.</source>
        <translation>No resident has this card number. Please check it.</translation>
    </message>
    <message>
        <source>Welcome, %1. Next card, please.</source>
        <translation>Welcome, %1. Next card, please.</translation>
    </message>
    <message>
        <source>%1 is already checked in.</source>
        <translation>%1 is already checked in.</translation>
    </message>
    <message>
        <source>This check-in could not be saved on this kiosk. Please try again.</source>
        <translation>This check-in could not be saved on this kiosk. Please try again.</translation>
    </message>
</context>
<context>
    <name>CheckinScreen</name>
    <message>
        <source>Time for your video call with %1</source>
        <translation>Time for your video call with %1</translation>
    </message>
    <message>
        <source>Call %1</source>
        <translation>Call %1</translation>
    </message>
    <message>
        <source>Make the video call now</source>
        <translation>Make the video call now</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Not now</translation>
    </message>
    <message>
        <source>Video call</source>
        <translation>Video call</translation>
    </message>
</context>
<context>
    <name>ComingSoonScreen</name>
    <message>
        <source>Tap Home to choose something else.</source>
        <translation>Tap Home to choose something else.</translation>
    </message>
    <message>
        <source>%1 is coming soon to this terminal.</source>
        <translation>%1 is coming soon to this terminal.</translation>
    </message>
</context>
<context>
    <name>ConfirmScreen</name>
    <message>
        <source>Please check your order:</source>
        <translation>Please check your order:</translation>
    </message>
    <message>
        <source>No, go back</source>
        <translation>No, go back</translation>
    </message>
    <message>
        <source>Do not order; go back to the home screen</source>
        <translation>Do not order; go back to the home screen</translation>
    </message>
    <message>
        <source>Yes, order</source>
        <translation>Yes, order</translation>
    </message>
    <message>
        <source>Place this order</source>
        <translation>Place this order</translation>
    </message>
    <message>
        <source>Confirm your order</source>
        <translation>Your order</translation>
    </message>
    <message>
        <source>You are ordering: %1. %2. Tap Yes to order.</source>
        <translation>You are ordering: %1. %2. Tap Yes to order.</translation>
    </message>
    <message>
        <source>Saving...</source>
        <translation>Saving...</translation>
    </message>
</context>
<context>
    <name>ConnectionScreen</name>
    <message>
        <source>Enrol with a code</source>
        <translation>Enrol with a code</translation>
    </message>
    <message>
        <source>Connect this kiosk to the center with a code from the center&apos;s staff</source>
        <translation>Connect this kiosk to the center with a code from the center&apos;s staff</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>No center is set for this kiosk (server_url).</source>
        <translation>No center is set for this kiosk (server_url).</translation>
    </message>
    <message>
        <source>Center: %1</source>
        <translation>Center: %1</translation>
    </message>
    <message>
        <source>This kiosk is not enrolled (it would be %1).</source>
        <translation>This kiosk is not enrolled (it would be %1).</translation>
    </message>
    <message>
        <source>Enrolled as %1.</source>
        <translation>Enrolled as %1.</translation>
    </message>
    <message>
        <source>No news from sending yet.</source>
        <translation>No news from sending yet.</translation>
    </message>
    <message>
        <source>Sending: %1.</source>
        <translation>Sending: %1.</translation>
    </message>
    <message>
        <source>Waiting to send: %1.</source>
        <translation>Waiting to send: %1.</translation>
    </message>
    <message>
        <source>The center can be reached.</source>
        <translation>The center can be reached.</translation>
    </message>
    <message>
        <source>The center cannot be reached since %1.</source>
        <translation>The center cannot be reached since %1.</translation>
    </message>
    <message>
        <source>The center cannot be reached.</source>
        <translation>The center cannot be reached.</translation>
    </message>
    <message>
        <source>Storage fault: %1. Nothing new can be saved here.</source>
        <translation>Storage fault: %1. Nothing new can be saved here.</translation>
    </message>
    <message>
        <source>Storage works.</source>
        <translation>Storage works.</translation>
    </message>
    <message>
        <source>Last answer from the center: %1.</source>
        <translation>Last answer from the center: %1.</translation>
    </message>
    <message>
        <source>No answer from the center since the kiosk started.</source>
        <translation>No answer from the center since the kiosk started.</translation>
    </message>
</context>
<context>
    <name>ConsentScreen</name>
    <message>
        <source>Readings are shown to you but not kept or sent</source>
        <translation>Readings are shown to you but not kept or sent</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Readings are kept here and sent to the center&apos;s nurses</source>
        <translation>Readings are kept here and sent to the center&apos;s nurses</translation>
    </message>
    <message>
        <source>Your readings</source>
        <translation>Your readings</translation>
    </message>
    <message>
        <source>May the center keep them?</source>
        <translation>May the center keep them?</translation>
    </message>
    <message>
        <source>Readings are your blood pressure, blood sugar, pulse, oxygen, temperature and weight. The center&apos;s nurses see them, only to look after you.</source>
        <translation>Readings are your blood pressure, blood sugar, pulse, oxygen, temperature and weight. The center&apos;s nurses see them, only to look after you.</translation>
    </message>
    <message>
        <source>If you say no, you can still measure and see your numbers, order services and call for help.</source>
        <translation>If you say no, you can still measure and see your numbers, order services and call for help.</translation>
    </message>
    <message>
        <source>You can change your answer here at any time.</source>
        <translation>You can change your answer here at any time.</translation>
    </message>
    <message>
        <source>You have not answered yet.</source>
        <translation>You have not answered yet.</translation>
    </message>
    <message>
        <source>Answered %1: yes, your readings are kept.</source>
        <translation>Answered %1: yes, your readings are kept.</translation>
    </message>
    <message>
        <source>Answered %1: no, your readings are not kept.</source>
        <translation>Answered %1: no, your readings are not kept.</translation>
    </message>
    <message>
        <source>Thank you. Your readings are kept from now on.</source>
        <translation>Thank you. Your readings are kept from now on.</translation>
    </message>
    <message>
        <source>Your readings are not kept from now on.</source>
        <translation>Your readings are not kept from now on.</translation>
    </message>
    <message>
        <source>Your answer could not be kept. Please try again or ask a member of staff.</source>
        <translation>Your answer could not be kept. Please try again or ask a member of staff.</translation>
    </message>
</context>
<context>
    <name>ContactsScreen</name>
    <message>
        <source>Looking for your family...</source>
        <translation>Looking for your family...</translation>
    </message>
    <message>
        <source>Video call</source>
        <translation>Video call</translation>
    </message>
    <message>
        <source>Video call %1</source>
        <translation>Video call %1</translation>
    </message>
    <message>
        <source>Change whether calls from %1 answer by themselves</source>
        <translation>Change whether calls from %1 answer by themselves</translation>
    </message>
    <message>
        <source>Answers by itself: on</source>
        <translation>Answers by itself: on</translation>
    </message>
    <message>
        <source>Answers by itself: off</source>
        <translation>Answers by itself: off</translation>
    </message>
    <message>
        <source>Please sign in first.</source>
        <translation>Please sign in first.</translation>
    </message>
    <message>
        <source>Whom would you like to call?</source>
        <translation>Whom would you like to call?</translation>
    </message>
    <message>
        <source>No family members are set up for video calls yet. Staff can add them.</source>
        <translation>No family members are set up for video calls yet. Staff can add them.</translation>
    </message>
    <message>
        <source>Calls from %1 now answer by themselves after %2 seconds, with the camera on.</source>
        <translation>Calls from %1 now answer by themselves after %2 seconds, with the camera on.</translation>
    </message>
    <message>
        <source>Calls from %1 now ring until you answer.</source>
        <translation>Calls from %1 now ring until you answer.</translation>
    </message>
    <message>
        <source>The change could not be saved. %1</source>
        <translation>The change could not be saved. %1</translation>
    </message>
</context>
<context>
    <name>EnrolScreen</name>
    <message>
        <source>Type the 12-digit code, then OK.</source>
        <translation>Type the 12-digit code, then OK.</translation>
    </message>
    <message>
        <source>Enrolment code</source>
        <translation>Enrolment code</translation>
    </message>
    <message>
        <source>Enrol with this code</source>
        <translation>Enrol with this code</translation>
    </message>
    <message>
        <source>Enrol this kiosk</source>
        <translation>Enrol this kiosk</translation>
    </message>
    <message>
        <source>That code has %1 digits, not 12.</source>
        <translation>That code has %1 digits, not 12.</translation>
    </message>
    <message>
        <source>No center is set for this kiosk (server_url): set it first.</source>
        <translation>No center is set for this kiosk (server_url): set it first.</translation>
    </message>
    <message>
        <source>Enrolling with the center...</source>
        <translation>Enrolling with the center...</translation>
    </message>
    <message>
        <source>Enrolled as %1. Restart the kiosk to start sending to the center.</source>
        <translation>Enrolled as %1. Restart the kiosk to start sending to the center.</translation>
    </message>
    <message>
        <source>Not enrolled: %1</source>
        <translation>Not enrolled: %1</translation>
    </message>
</context>
<context>
    <name>GroupLessonScreen</name>
    <message>
        <source>Step back</source>
        <translation>Step back</translation>
    </message>
    <message>
        <source>Volunteer: show the step before this one</source>
        <translation>Volunteer: show the step before this one</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>Volunteer: show the next step</source>
        <translation>Volunteer: show the next step</translation>
    </message>
    <message>
        <source>Marks</source>
        <translation>Marks</translation>
    </message>
    <message>
        <source>Volunteer: mark each elder and end the session</source>
        <translation>Volunteer: mark each elder and end the session</translation>
    </message>
</context>
<context>
    <name>HealthHomeScreen</name>
    <message>
        <source>Type in a reading</source>
        <translation>Type in a reading</translation>
    </message>
    <message>
        <source>From a paper record or another meter</source>
        <translation>From a paper record or another meter</translation>
    </message>
    <message>
        <source>My readings</source>
        <translation>My readings</translation>
    </message>
    <message>
        <source>Charts of the last 7 and 30 days</source>
        <translation>Charts of the last 7 and 30 days</translation>
    </message>
    <message>
        <source>Keep my readings?</source>
        <translation>Keep my readings?</translation>
    </message>
    <message>
        <source>This kiosk has no health devices. You can type a reading in.</source>
        <translation>This kiosk has no health devices. You can type a reading in.</translation>
    </message>
    <message>
        <source>Not measured yet</source>
        <translation>Not measured yet</translation>
    </message>
    <message>
        <source>Last: %1</source>
        <translation>Last: %1</translation>
    </message>
    <message>
        <source>Your readings are kept; tap to change</source>
        <translation>Your readings are kept; tap to change</translation>
    </message>
    <message>
        <source>Your readings are not kept; tap to change</source>
        <translation>Your readings are not kept; tap to change</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>Health. What would you like to do?</source>
        <translation>Health. What would you like to do?</translation>
    </message>
</context>
<context>
    <name>HealthSteps</name>
    <message>
        <source>Sit down and rest for a moment.</source>
        <translation>Sit down and rest for a moment.</translation>
    </message>
    <message>
        <source>Put a finger into the clip, nail up.</source>
        <translation>Put a finger into the clip, nail up.</translation>
    </message>
    <message>
        <source>Rest your hand on the table and keep it still.</source>
        <translation>Rest your hand on the table and keep it still.</translation>
    </message>
    <message>
        <source>Wash and dry your hands.</source>
        <translation>Wash and dry your hands.</translation>
    </message>
    <message>
        <source>Put a test strip into the blood sugar meter.</source>
        <translation>Put a test strip into the blood sugar meter.</translation>
    </message>
    <message>
        <source>Put the cuff on your upper arm, arm on the table.</source>
        <translation>Put the cuff on your upper arm, arm on the table.</translation>
    </message>
    <message>
        <source>Press start on the monitor and keep still.</source>
        <translation>Press start on the monitor and keep still.</translation>
    </message>
    <message>
        <source>Hold it to your forehead and press its key.</source>
        <translation>Hold it to your forehead and press its key.</translation>
    </message>
    <message>
        <source>Touch the strip&apos;s end with a drop of blood.</source>
        <translation>Touch the strip&apos;s end with a drop of blood.</translation>
    </message>
    <message>
        <source>Take off your shoes and any heavy coat.</source>
        <translation>Take off your shoes and any heavy coat.</translation>
    </message>
    <message>
        <source>Stand still on the middle of the scale.</source>
        <translation>Stand still on the middle of the scale.</translation>
    </message>
    <message>
        <source>Put the strap round your chest, under your clothes.</source>
        <translation>Put the strap round your chest, under your clothes.</translation>
    </message>
    <message>
        <source>Sit down and keep still.</source>
        <translation>Sit down and keep still.</translation>
    </message>
</context>
<context>
    <name>HealthWords</name>
    <message>
        <source>Blood pressure</source>
        <translation>Blood pressure</translation>
    </message>
    <message>
        <source>Blood oxygen</source>
        <translation>Blood oxygen</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperature</translation>
    </message>
    <message>
        <source>Blood sugar</source>
        <translation>Blood sugar</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Weight</translation>
    </message>
    <message>
        <source>Heart rate</source>
        <translation>Heart rate</translation>
    </message>
    <message>
        <source>blood pressure monitor</source>
        <translation>blood pressure monitor</translation>
    </message>
    <message>
        <source>finger clip oximeter</source>
        <translation>finger clip oximeter</translation>
    </message>
    <message>
        <source>thermometer</source>
        <translation>thermometer</translation>
    </message>
    <message>
        <source>blood sugar meter</source>
        <translation>blood sugar meter</translation>
    </message>
    <message>
        <source>scale</source>
        <translation>scale</translation>
    </message>
    <message>
        <source>heart rate strap</source>
        <translation>heart rate strap</translation>
    </message>
    <message>
        <source>Upper number (systolic)</source>
        <translation>Upper number (systolic)</translation>
    </message>
    <message>
        <source>Lower number (diastolic)</source>
        <translation>Lower number (diastolic)</translation>
    </message>
    <message>
        <source>Pulse</source>
        <translation>Pulse</translation>
    </message>
    <message>
        <source>mmHg</source>
        <translation>mmHg</translation>
    </message>
    <message>
        <source>beats/min</source>
        <translation>beats/min</translation>
    </message>
    <message>
        <source>mmol/L</source>
        <translation>mmol/L</translation>
    </message>
    <message>
        <source>kg</source>
        <translation>kg</translation>
    </message>
    <message>
        <source>Before eating</source>
        <translation>Before eating</translation>
    </message>
    <message>
        <source>After a meal</source>
        <translation>After a meal</translation>
    </message>
    <message>
        <source>Not sure</source>
        <translation>Not sure</translation>
    </message>
    <message>
        <source>%1 %2 %3</source>
        <translation>%1 %2 %3</translation>
    </message>
    <message>
        <source>MMM d, HH:mm</source>
        <translation>MMM d, HH:mm</translation>
    </message>
    <message>
        <source>Looking for the %1...</source>
        <translation>Looking for the %1...</translation>
    </message>
    <message>
        <source>Connecting to the %1...</source>
        <translation>Connecting to the %1...</translation>
    </message>
    <message>
        <source>The %1 is connected. Start the measurement on it.</source>
        <translation>The %1 is connected. Start the measurement on it.</translation>
    </message>
    <message>
        <source>Measuring. Please keep still.</source>
        <translation>Measuring. Please keep still.</translation>
    </message>
    <message>
        <source>Done. Showing your reading.</source>
        <translation>Done. Showing your reading.</translation>
    </message>
    <message>
        <source>The %1 did not send a reading.</source>
        <translation>The %1 did not send a reading.</translation>
    </message>
    <message>
        <source>This kiosk cannot reach the %1: its Bluetooth is off. Please ask staff, or type the numbers in.</source>
        <translation>This kiosk cannot reach the %1: its Bluetooth is off. Please ask staff, or type the numbers in.</translation>
    </message>
    <message>
        <source>The %1 was not found. Please turn it on and press its start key again.</source>
        <translation>The %1 was not found. Please turn it on and press its start key again.</translation>
    </message>
    <message>
        <source>The %1 stopped before the measurement was finished. Nothing was saved. Please measure again.</source>
        <translation>The %1 stopped before the measurement was finished. Nothing was saved. Please measure again.</translation>
    </message>
    <message>
        <source>The %1 sent something this kiosk cannot read. Nothing was saved. Please measure again, or ask staff.</source>
        <translation>The %1 sent something this kiosk cannot read. Nothing was saved. Please measure again, or ask staff.</translation>
    </message>
    <message>
        <source>No reading came from the %1. Please press its start key again.</source>
        <translation>No reading came from the %1. Please press its start key again.</translation>
    </message>
    <message>
        <source>This kiosk has no working Bluetooth for the %1. Please ask staff, or type the numbers in.</source>
        <translation>This kiosk has no working Bluetooth for the %1. Please ask staff, or type the numbers in.</translation>
    </message>
    <message>
        <source>The %1 is not set up with this kiosk yet. Please ask staff, or type the numbers in.</source>
        <translation>The %1 is not set up with this kiosk yet. Please ask staff, or type the numbers in.</translation>
    </message>
    <message>
        <source>This kiosk could not connect to the %1. Please turn it off and on again, then measure again.</source>
        <translation>This kiosk could not connect to the %1. Please turn it off and on again, then measure again.</translation>
    </message>
    <message>
        <source>The %1 has no new reading. Please measure with it first, then try again.</source>
        <translation>The %1 has no new reading. Please measure with it first, then try again.</translation>
    </message>
    <message>
        <source>This kiosk has no %1. Please type the numbers in.</source>
        <translation>This kiosk has no %1. Please type the numbers in.</translation>
    </message>
    <message>
        <source>Something went wrong with the %1. Nothing was saved. Please measure again.</source>
        <translation>Something went wrong with the %1. Nothing was saved. Please measure again.</translation>
    </message>
    <message>
        <source>Saving on this kiosk...</source>
        <translation>Saving on this kiosk...</translation>
    </message>
    <message>
        <source>Saved on this kiosk, sending to the center.</source>
        <translation>Saved on this kiosk, sending to the center.</translation>
    </message>
    <message>
        <source>The center has your reading.</source>
        <translation>The center has your reading.</translation>
    </message>
    <message>
        <source>%1 has seen it.</source>
        <translation>%1 has seen it.</translation>
    </message>
    <message>
        <source>A staff member</source>
        <translation>A staff member</translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>Not saved.</translation>
    </message>
</context>
<context>
    <name>HistoryScreen</name>
    <message>
        <source>7 days</source>
        <translation>7 days</translation>
    </message>
    <message>
        <source>Show a chart of the last 7 days</source>
        <translation>Show a chart of the last 7 days</translation>
    </message>
    <message>
        <source>30 days</source>
        <translation>30 days</translation>
    </message>
    <message>
        <source>Show a chart of the last 30 days</source>
        <translation>Show a chart of the last 30 days</translation>
    </message>
    <message>
        <source>List</source>
        <translation>List</translation>
    </message>
    <message>
        <source>Show the readings as a list of words</source>
        <translation>Show the readings as a list of words</translation>
    </message>
    <message>
        <source> (shown now)</source>
        <translation> (shown now)</translation>
    </message>
    <message>
        <source>Your readings could not be read just now. Please try again.</source>
        <translation>Your readings could not be read just now. Please try again.</translation>
    </message>
    <message>
        <source>No readings of %1 in the last %2 days.</source>
        <translation>No readings of %1 in the last %2 days.</translation>
    </message>
    <message>
        <source>%1 readings in the last %2 days, newest first.</source>
        <translation>%1 readings in the last %2 days, newest first.</translation>
    </message>
    <message>
        <source>In %1.</source>
        <translation>In %1.</translation>
    </message>
    <message>
        <source>The shaded band is your normal range.</source>
        <translation>The shaded band is your normal range.</translation>
    </message>
    <message>
        <source>Last: %1.</source>
        <translation>Last: %1.</translation>
    </message>
    <message>
        <source>Chart of the last %1 days</source>
        <translation>Chart of the last %1 days</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>My orders</source>
        <translation>My orders</translation>
    </message>
    <message>
        <source>See and cancel your orders</source>
        <translation>See and cancel your orders</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Health</translation>
    </message>
    <message>
        <source>Blood pressure and other readings</source>
        <translation>Blood pressure and other readings</translation>
    </message>
    <message>
        <source>Learn</source>
        <translation>Learn</translation>
    </message>
    <message>
        <source>Lessons for phones and the internet</source>
        <translation>Lessons for phones and the internet</translation>
    </message>
    <message>
        <source>Video call</source>
        <translation>Video call</translation>
    </message>
    <message>
        <source>Call your family</source>
        <translation>Call your family</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>Community services. Tap a service: %1.</source>
        <translation>Community services. Tap a service: %1.</translation>
    </message>
    <message>
        <source>Group lesson</source>
        <translation>Group lesson</translation>
    </message>
    <message>
        <source>For volunteers: run a lesson for several elders</source>
        <translation>For volunteers: run a lesson for several elders</translation>
    </message>
</context>
<context>
    <name>IdleBanner</name>
    <message>
        <source>I am still here</source>
        <translation>I am still here</translation>
    </message>
    <message>
        <source>Stay signed in</source>
        <translation>Stay signed in</translation>
    </message>
    <message>
        <source>For your privacy you will be signed out in %1 seconds.</source>
        <translation>For your privacy you will be signed out in %1 seconds.</translation>
    </message>
    <message>
        <source>Are you still there? Tap the screen to stay signed in.</source>
        <translation>Are you still there? Tap the screen to stay signed in.</translation>
    </message>
</context>
<context>
    <name>InCallScreen</name>
    <message>
        <source>Camera on</source>
        <translation>Camera on</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Hang up</translation>
    </message>
    <message>
        <source>End the video call</source>
        <translation>End the video call</translation>
    </message>
    <message>
        <source>Quieter</source>
        <translation>Quieter</translation>
    </message>
    <message>
        <source>Turn the sound down</source>
        <translation>Turn the sound down</translation>
    </message>
    <message>
        <source>Louder</source>
        <translation>Louder</translation>
    </message>
    <message>
        <source>Turn the sound up</source>
        <translation>Turn the sound up</translation>
    </message>
    <message>
        <source>Video call</source>
        <translation>Video call</translation>
    </message>
    <message>
        <source>Calling %1...</source>
        <translation>Calling %1...</translation>
    </message>
    <message>
        <source>Connecting...</source>
        <translation>Connecting...</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Connected to %1</translation>
    </message>
    <message>
        <source>Poor network; reconnecting...</source>
        <translation>Poor network; reconnecting...</translation>
    </message>
    <message>
        <source>Volume %1 of 5</source>
        <translation>Volume %1 of 5</translation>
    </message>
</context>
<context>
    <name>IncomingScreen</name>
    <message>
        <source>Photo of %1</source>
        <translation>Photo of %1</translation>
    </message>
    <message>
        <source>is calling you by video</source>
        <translation>is calling you by video</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Answer</translation>
    </message>
    <message>
        <source>Answer the video call; the camera turns on</source>
        <translation>Answer the video call; the camera turns on</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Decline</translation>
    </message>
    <message>
        <source>Do not answer this call</source>
        <translation>Do not answer this call</translation>
    </message>
    <message>
        <source>Video call</source>
        <translation>Video call</translation>
    </message>
    <message>
        <source>Answers by itself in %1 s; the camera will turn on</source>
        <translation>Answers itself in %1 s, camera on</translation>
    </message>
    <message>
        <source>Say yes or tap Answer.</source>
        <translation>Say yes or tap Answer.</translation>
    </message>
</context>
<context>
    <name>Learn</name>
    <message>
        <source>Step %1 of %2</source>
        <translation>Step %1 of %2</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>Not started</translation>
    </message>
    <message>
        <source>Mastered</source>
        <translation>Mastered</translation>
    </message>
    <message>
        <source>Practised</source>
        <translation>Practised</translation>
    </message>
    <message>
        <source>All steps seen</source>
        <translation>All steps seen</translation>
    </message>
    <message>
        <source>Up to step %1 of %2</source>
        <translation>Up to step %1 of %2</translation>
    </message>
</context>
<context>
    <name>LearnHomeScreen</name>
    <message>
        <source>No lessons can be shown. Please tell staff.</source>
        <translation>No lessons can be shown. Please tell staff.</translation>
    </message>
    <message>
        <source>Learn</source>
        <translation>Learn</translation>
    </message>
    <message>
        <source>Learn. Which lesson would you like?</source>
        <translation>Learn. Which lesson would you like?</translation>
    </message>
</context>
<context>
    <name>LeaveScreen</name>
    <message>
        <source>Restarting the computer starts it again too.</source>
        <translation>Restarting the computer starts it again too.</translation>
    </message>
    <message>
        <source>Close now</source>
        <translation>Close now</translation>
    </message>
    <message>
        <source>Don&apos;t close</source>
        <translation>Don&apos;t close</translation>
    </message>
    <message>
        <source>Close the kiosk</source>
        <translation>Close the kiosk</translation>
    </message>
    <message>
        <source>Leave kiosk mode now</source>
        <translation>Leave kiosk mode now</translation>
    </message>
    <message>
        <source>Residents cannot use this kiosk until it is started again.</source>
        <translation>Residents cannot use this kiosk until it is started again.</translation>
    </message>
    <message>
        <source>Go back to the staff settings</source>
        <translation>Go back to the staff settings</translation>
    </message>
</context>
<context>
    <name>LessonDoneScreen</name>
    <message>
        <source>Lesson done</source>
        <translation>Lesson done</translation>
    </message>
    <message>
        <source>You have gone through every step of “%1”.</source>
        <translation>You have gone through every step of “%1”.</translation>
    </message>
    <message>
        <source>Now you can try it yourself. In practice nothing real happens.</source>
        <translation>Now you can try it yourself. In practice nothing real happens.</translation>
    </message>
    <message>
        <source>Practise</source>
        <translation>Practise</translation>
    </message>
    <message>
        <source>Try it yourself on a practice screen</source>
        <translation>Try it yourself on a practice screen</translation>
    </message>
    <message>
        <source>Start again</source>
        <translation>Start again</translation>
    </message>
    <message>
        <source>Go through the lesson again from step 1</source>
        <translation>Go through the lesson again from step 1</translation>
    </message>
    <message>
        <source>Other lessons</source>
        <translation>Other lessons</translation>
    </message>
    <message>
        <source>Back to the list of lessons</source>
        <translation>Back to the list of lessons</translation>
    </message>
</context>
<context>
    <name>LessonPlayerScreen</name>
    <message>
        <source>This step could not be saved on this kiosk. You can go on.</source>
        <translation>This step could not be saved on this kiosk. You can go on.</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Previous</translation>
    </message>
    <message>
        <source>Show the step before this one</source>
        <translation>Show the step before this one</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <source>Say this step again</source>
        <translation>Say this step again</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Show the next step</source>
        <translation>Show the next step</translation>
    </message>
    <message>
        <source>Look here</source>
        <translation>Look here</translation>
    </message>
    <message>
        <source>A picture of the screen. A yellow ring marks the part this step is about.</source>
        <translation>A picture of the screen. A yellow ring marks the part this step is about.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>The lesson is done</source>
        <translation>The lesson is done</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Community care</source>
        <translation>Community care</translation>
    </message>
    <message>
        <source>Community care kiosk</source>
        <translation>Community care kiosk</translation>
    </message>
    <message>
        <source>SOS</source>
        <translation>SOS</translation>
    </message>
    <message>
        <source>Call for help in an emergency</source>
        <translation>Call for help in an emergency</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation>Read aloud</translation>
    </message>
    <message>
        <source>Read this screen aloud</source>
        <translation>Read this screen aloud</translation>
    </message>
    <message>
        <source>Speak</source>
        <translation>Speak</translation>
    </message>
    <message>
        <source>Say what you want instead of tapping</source>
        <translation>Say what you want instead of tapping</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Go back one screen</source>
        <translation>Go back one screen</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Home</translation>
    </message>
    <message>
        <source>Go to the home screen</source>
        <translation>Go to the home screen</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stop</translation>
    </message>
    <message>
        <source>Stop listening</source>
        <translation>Stop listening</translation>
    </message>
    <message>
        <source>Message from the center: %1</source>
        <translation>Message from the center: %1</translation>
    </message>
    <message>
        <source>SOS</source>
        <comment>short, where large type crowds the header</comment>
        <translation>SOS</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <source>Sign out of this kiosk</source>
        <translation>Sign out of this kiosk</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Sign in with your service card</source>
        <translation>Sign in with your service card</translation>
    </message>
</context>
<context>
    <name>MealScreen</name>
    <message>
        <source>When did you last eat?</source>
        <translation>When did you last eat?</translation>
    </message>
</context>
<context>
    <name>MeaningScreen</name>
    <message>
        <source>Which did you mean?</source>
        <translation>Which did you mean?</translation>
    </message>
    <message>
        <source>Which one?</source>
        <translation>Which one?</translation>
    </message>
    <message>
        <source>Did you mean %1?</source>
        <translation>Did you mean %1?</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation>%1 or %2</translation>
    </message>
</context>
<context>
    <name>MeasuringScreen</name>
    <message>
        <source>Measure again</source>
        <translation>Measure again</translation>
    </message>
    <message>
        <source>Try the device once more</source>
        <translation>Try the device once more</translation>
    </message>
    <message>
        <source>Type the numbers in</source>
        <translation>Type the numbers in</translation>
    </message>
    <message>
        <source>Type the reading on a number pad instead</source>
        <translation>Type the reading on a number pad instead</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Stop measuring</source>
        <translation>Stop measuring</translation>
    </message>
</context>
<context>
    <name>MissedCallScreen</name>
    <message>
        <source>Missed video call from %1</source>
        <translation>Missed video call from %1</translation>
    </message>
    <message>
        <source>Video call</source>
        <translation>Video call</translation>
    </message>
</context>
<context>
    <name>MyReadingsScreen</name>
    <message>
        <source>Which readings?</source>
        <translation>Which readings?</translation>
    </message>
    <message>
        <source>My readings</source>
        <translation>My readings</translation>
    </message>
</context>
<context>
    <name>NumberPad</name>
    <message>
        <source>Card number</source>
        <translation>Card number</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Delete</translation>
    </message>
    <message>
        <source>Delete the last digit</source>
        <translation>Delete the last digit</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Sign in with this number</source>
        <translation>Sign in with this number</translation>
    </message>
</context>
<context>
    <name>OrderClosedScreen</name>
    <message>
        <source>Choose again</source>
        <translation>Choose again</translation>
    </message>
    <message>
        <source>Choose another answer for this order</source>
        <translation>Choose another answer for this order</translation>
    </message>
</context>
<context>
    <name>OrderResultScreen</name>
    <message>
        <source>Your order: %1.</source>
        <translation>Your order: %1.</translation>
    </message>
    <message>
        <source>Not saved: %1.</source>
        <translation>Not saved: %1.</translation>
    </message>
    <message>
        <source>See my orders</source>
        <translation>See my orders</translation>
    </message>
    <message>
        <source>Order not accepted</source>
        <translation>Order not accepted</translation>
    </message>
    <message>
        <source>Order saved</source>
        <translation>Order saved</translation>
    </message>
    <message>
        <source>Order not saved</source>
        <translation>Not saved</translation>
    </message>
</context>
<context>
    <name>OrderRow</name>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Cancel this order</source>
        <translation>Cancel this order</translation>
    </message>
</context>
<context>
    <name>OrderWords</name>
    <message>
        <source>Saved on this kiosk</source>
        <translation>Saved on this kiosk</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Center accepted</source>
        <translation>Center accepted</translation>
    </message>
    <message>
        <source>On the way</source>
        <translation>On the way</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>Not accepted</source>
        <translation>Not accepted</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <source>Saved on this kiosk. It will be sent to the center when the network allows.</source>
        <translation>Saved on this kiosk. It will be sent to the center when the network allows.</translation>
    </message>
    <message>
        <source>Sent. The center has not accepted it yet.</source>
        <translation>Sent. The center has not accepted it yet.</translation>
    </message>
    <message>
        <source>The center accepted it.</source>
        <translation>The center accepted it.</translation>
    </message>
    <message>
        <source>The center accepted it and it is on the way.</source>
        <translation>The center accepted it and it is on the way.</translation>
    </message>
    <message>
        <source>This order was not accepted and will not be carried out.</source>
        <translation>This order was not accepted and will not be carried out.</translation>
    </message>
    <message>
        <source>The center accepted your %1 order.</source>
        <translation>The center accepted your %1 order.</translation>
    </message>
    <message>
        <source>Your %1 order: not accepted.</source>
        <translation>Your %1 order: not accepted.</translation>
    </message>
    <message>
        <source>It is too late to order this for today. You can order it for tomorrow.</source>
        <translation>It is too late to order this for today. You can order it for tomorrow.</translation>
    </message>
    <message>
        <source>This service is not offered today. Please choose another day.</source>
        <translation>This service is not offered today. Please choose another day.</translation>
    </message>
    <message>
        <source>The center does not know this card. Please ask the staff.</source>
        <translation>The center does not know this card. Please ask the staff.</translation>
    </message>
    <message>
        <source>This card is no longer in use. Please ask the staff.</source>
        <translation>This card is no longer in use. Please ask the staff.</translation>
    </message>
    <message>
        <source>The center no longer offers this service. Please ask the staff.</source>
        <translation>The center no longer offers this service. Please ask the staff.</translation>
    </message>
    <message>
        <source>The center no longer offers this choice. Please order again.</source>
        <translation>The center no longer offers this choice. Please order again.</translation>
    </message>
    <message>
        <source>The center could not take this order.</source>
        <translation>The center could not take this order.</translation>
    </message>
    <message>
        <source>Too late for today.</source>
        <translation>Too late for today.</translation>
    </message>
    <message>
        <source>Not offered today.</source>
        <translation>Not offered today.</translation>
    </message>
    <message>
        <source>Card not known.</source>
        <translation>Card not known.</translation>
    </message>
    <message>
        <source>Card no longer in use.</source>
        <translation>Card no longer in use.</translation>
    </message>
    <message>
        <source>No longer offered.</source>
        <translation>No longer offered.</translation>
    </message>
    <message>
        <source>Choice no longer offered.</source>
        <translation>Choice no longer offered.</translation>
    </message>
    <message>
        <source>Not taken.</source>
        <translation>Not taken.</translation>
    </message>
    <message>
        <source>The center says it is done.</source>
        <translation>The center says it is done.</translation>
    </message>
    <message>
        <source>This order is cancelled.</source>
        <translation>This order is cancelled.</translation>
    </message>
    <message>
        <source>This order was not saved.</source>
        <translation>This order was not saved.</translation>
    </message>
    <message>
        <source>Your %1 order: saved on this kiosk, not sent yet.</source>
        <translation>Your %1 order: saved on this kiosk, not sent yet.</translation>
    </message>
    <message>
        <source>Your %1 order: sent, not accepted yet.</source>
        <translation>Your %1 order: sent, not accepted yet.</translation>
    </message>
    <message>
        <source>Your %1 order: on the way.</source>
        <translation>Your %1 order: on the way.</translation>
    </message>
    <message>
        <source>Your %1 order: done.</source>
        <translation>Your %1 order: done.</translation>
    </message>
    <message>
        <source>Your %1 order: cancelled.</source>
        <translation>Your %1 order: cancelled.</translation>
    </message>
    <message>
        <source>Your %1 order: not saved.</source>
        <translation>Your %1 order: not saved.</translation>
    </message>
</context>
<context>
    <name>OrdersScreen</name>
    <message>
        <source>Loading your orders...</source>
        <translation>Loading your orders...</translation>
    </message>
    <message>
        <source>My orders</source>
        <translation>My orders</translation>
    </message>
    <message>
        <source>You have no orders yet.</source>
        <translation>You have no orders yet.</translation>
    </message>
    <message>
        <source>Your orders, newest first:</source>
        <translation>Your orders, newest first:</translation>
    </message>
</context>
<context>
    <name>OutOfServiceWindow</name>
    <message>
        <source>Out of service</source>
        <translation>Out of service</translation>
    </message>
    <message>
        <source>This terminal cannot be used right now.</source>
        <translation>This terminal cannot be used right now.</translation>
    </message>
    <message>
        <source>Community center: %1</source>
        <translation>Community center: %1</translation>
    </message>
    <message>
        <source>Nothing you do here can be saved.</source>
        <translation>Nothing you do here can be saved.</translation>
    </message>
    <message>
        <source>Emergency: %1</source>
        <translation>Emergency: %1</translation>
    </message>
    <message>
        <source>To order a service or ask for help, phone the center or ask a member of staff.</source>
        <translation>To order a service or ask for help, phone the center or ask a member of staff.</translation>
    </message>
    <message>
        <source>To order a service or ask for help, phone the center on %1 or ask a member of staff. In an emergency, phone %2.</source>
        <translation>To order a service or ask for help, phone the center on %1 or ask a member of staff. In an emergency, phone %2.</translation>
    </message>
    <message>
        <source>The center&apos;s staff have been told that this terminal is not working.</source>
        <translation>The center&apos;s staff have been told that this terminal is not working.</translation>
    </message>
    <message>
        <source>Please tell the center that this terminal is not working.</source>
        <translation>Please tell the center that this terminal is not working.</translation>
    </message>
</context>
<context>
    <name>Pager</name>
    <message>
        <source>Previous</source>
        <translation>Previous</translation>
    </message>
    <message>
        <source>Show the part of this screen before this one</source>
        <translation>Show the part of this screen before this one</translation>
    </message>
    <message>
        <source>More</source>
        <translation>More</translation>
    </message>
    <message>
        <source>Show the rest of this screen</source>
        <translation>Show the rest of this screen</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 of %2</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Staff PIN, shown as dots</source>
        <translation>Staff PIN, shown as dots</translation>
    </message>
    <message>
        <source>Open the staff settings</source>
        <translation>Open the staff settings</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <source>Staff settings</source>
        <translation>Staff settings</translation>
    </message>
    <message>
        <source>Staff settings. Please type the staff PIN.</source>
        <translation>Staff settings. Please type the staff PIN.</translation>
    </message>
    <message>
        <source>Type the staff PIN, then OK.</source>
        <translation>Type the staff PIN, then OK.</translation>
    </message>
    <message>
        <source>The PIN could not be checked. Please try again; details are in the log.</source>
        <translation>The PIN could not be checked. Please try again; details are in the log.</translation>
    </message>
    <message>
        <source>No staff PIN is set on this kiosk. Set one at the kiosk&apos;s console with: python main.py --set-admin-pin</source>
        <translation>No staff PIN is set on this kiosk. Set one at the kiosk&apos;s console with: python main.py --set-admin-pin</translation>
    </message>
    <message>
        <source>Too many wrong PINs. The staff settings are locked until %1 (%2 min).</source>
        <translation>Too many wrong PINs. The staff settings are locked until %1 (%2 min).</translation>
    </message>
    <message>
        <source>Wrong PIN. %1 tries left.</source>
        <translation>Wrong PIN. %1 tries left.</translation>
    </message>
</context>
<context>
    <name>PracticeDoneScreen</name>
    <message>
        <source>Practice done</source>
        <translation>Practice done</translation>
    </message>
    <message>
        <source>You did every step yourself, without a hint. You have mastered it!</source>
        <translation>You did every step yourself, without a hint. You have mastered it!</translation>
    </message>
    <message>
        <source>Well done, you finished the practice.</source>
        <translation>Well done, you finished the practice.</translation>
    </message>
    <message>
        <source>Next time, try it without a hint.</source>
        <translation>Next time, try it without a hint.</translation>
    </message>
    <message>
        <source>This could not be saved on this kiosk.</source>
        <translation>This could not be saved on this kiosk.</translation>
    </message>
    <message>
        <source>Practise again</source>
        <translation>Practise again</translation>
    </message>
    <message>
        <source>Try the practice once more</source>
        <translation>Try the practice once more</translation>
    </message>
    <message>
        <source>Other lessons</source>
        <translation>Other lessons</translation>
    </message>
    <message>
        <source>Back to the list of lessons</source>
        <translation>Back to the list of lessons</translation>
    </message>
</context>
<context>
    <name>PracticeScreen</name>
    <message>
        <source>Practice: no real money moves.</source>
        <translation>Practice: no real money moves.</translation>
    </message>
    <message>
        <source>Practice: no real booking.</source>
        <translation>Practice: no real booking.</translation>
    </message>
    <message>
        <source>Practice: not a real call.</source>
        <translation>Practice: not a real call.</translation>
    </message>
    <message>
        <source>Practice: nothing real happens.</source>
        <translation>Practice: nothing real happens.</translation>
    </message>
    <message>
        <source>Here</source>
        <translation>Here</translation>
    </message>
    <message>
        <source>Practice phone screen</source>
        <translation>Practice phone screen</translation>
    </message>
    <message>
        <source>Practice %1 of %2</source>
        <translation>Practice %1 of %2</translation>
    </message>
    <message>
        <source>Right! Now the next one.</source>
        <translation>Right! Now the next one.</translation>
    </message>
    <message>
        <source>Right!</source>
        <translation>Right!</translation>
    </message>
    <message>
        <source>Not there yet. Have another look, take your time.</source>
        <translation>Not there yet. Have another look, take your time.</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <source>Measure again</source>
        <translation>Measure again</translation>
    </message>
    <message>
        <source>Measure this reading once more</source>
        <translation>Measure this reading once more</translation>
    </message>
    <message>
        <source>My readings</source>
        <translation>My readings</translation>
    </message>
    <message>
        <source>See your readings of the last days</source>
        <translation>See your readings of the last days</translation>
    </message>
    <message>
        <source>Not measured well</source>
        <translation>Not measured well</translation>
    </message>
    <message>
        <source>Your reading</source>
        <translation>Your reading</translation>
    </message>
    <message>
        <source>This reading is only shown: it is not kept or sent, because you have not agreed that the center keeps your readings. You can agree on the Health screen.</source>
        <translation>This reading is only shown: it is not kept or sent, because you have not agreed that the center keeps your readings. You can agree on the Health screen.</translation>
    </message>
    <message>
        <source>This reading was not kept. Please measure again.</source>
        <translation>This reading was not kept. Please measure again.</translation>
    </message>
</context>
<context>
    <name>SessionEndedScreen</name>
    <message>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Back to the start</source>
        <translation>Back to the start</translation>
    </message>
    <message>
        <source>The session has ended. Thank you!</source>
        <translation>The session has ended. Thank you!</translation>
    </message>
    <message>
        <source>%1 elders took part; %2 hours for your time bank.</source>
        <translation>%1 elders took part; %2 hours for your time bank.</translation>
    </message>
    <message>
        <source>Saved on this kiosk; it is sent to the center.</source>
        <translation>Saved on this kiosk; it is sent to the center.</translation>
    </message>
    <message>
        <source>Session ended</source>
        <translation>Session ended</translation>
    </message>
</context>
<context>
    <name>SessionLessonScreen</name>
    <message>
        <source>Start a group session of this lesson</source>
        <translation>Start a group session of this lesson</translation>
    </message>
    <message>
        <source>Hello %1. Which lesson will the group do?</source>
        <translation>Hello %1. Which lesson will the group do?</translation>
    </message>
    <message>
        <source>Choose the lesson</source>
        <translation>Choose the lesson</translation>
    </message>
    <message>
        <source>The session could not be saved on this kiosk. Please tell staff.</source>
        <translation>The session could not be saved on this kiosk. Please tell staff.</translation>
    </message>
</context>
<context>
    <name>SessionMarksScreen</name>
    <message>
        <source>Mark each elder, then end the session.</source>
        <translation>Mark each elder, then end the session.</translation>
    </message>
    <message>
        <source>Managed</source>
        <translation>Managed</translation>
    </message>
    <message>
        <source>This elder did the steps</source>
        <translation>This elder did the steps</translation>
    </message>
    <message>
        <source>Needs practice</source>
        <translation>Needs practice</translation>
    </message>
    <message>
        <source>This elder needs more practice</source>
        <translation>This elder needs more practice</translation>
    </message>
    <message>
        <source>End the session</source>
        <translation>End the session</translation>
    </message>
    <message>
        <source>Save the marks and the volunteer&apos;s hours</source>
        <translation>Save the marks and the volunteer&apos;s hours</translation>
    </message>
    <message>
        <source>%1: managed</source>
        <translation>%1: managed</translation>
    </message>
    <message>
        <source>%1: needs more practice</source>
        <translation>%1: needs more practice</translation>
    </message>
    <message>
        <source>%1: not marked yet</source>
        <translation>%1: not marked yet</translation>
    </message>
    <message>
        <source>Marks</source>
        <translation>Marks</translation>
    </message>
    <message>
        <source>This could not be saved on this kiosk. Please try again.</source>
        <translation>This could not be saved on this kiosk. Please try again.</translation>
    </message>
</context>
<context>
    <name>SignInPart</name>
    <message>
        <source>You have been signed out. Goodbye.</source>
        <translation>You have been signed out. Goodbye.</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <source>Hold your service card to the reader, or type its number.</source>
        <translation>Hold your service card to the reader, or type its number.</translation>
    </message>
    <message>
        <source>Ask staff for help</source>
        <translation>Ask staff for help</translation>
    </message>
    <message>
        <source>Call a member of staff to this kiosk</source>
        <translation>Call a member of staff to this kiosk</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Please sign in. Hold your service card to the reader, or type its number.</source>
        <translation>Please sign in. Hold your service card to the reader, or type its number.</translation>
    </message>
    <message>
        <source>This card is not known here. Please try again, or ask staff for help.</source>
        <translation>This card is not known here. Please try again, or ask staff for help.</translation>
    </message>
    <message>
        <source>Welcome, %1.</source>
        <translation>Welcome, %1.</translation>
    </message>
    <message>
        <source>That is not a card number. Please try again.</source>
        <translation>That is not a card number. Please try again.</translation>
    </message>
    <message>
        <source>Staff have been asked to come. Please wait here.</source>
        <translation>Staff have been asked to come. Please wait here.</translation>
    </message>
</context>
<context>
    <name>SosCallScreen</name>
    <message>
        <source>A staff member</source>
        <translation>A staff member</translation>
    </message>
    <message>
        <source>No one at the center has answered yet.</source>
        <translation>No one at the center has answered yet.</translation>
    </message>
    <message>
        <source>The center has not received your call yet.</source>
        <translation>The center has not received your call yet.</translation>
    </message>
    <message>
        <source>Community center: %1</source>
        <translation>Community center: %1</translation>
    </message>
    <message>
        <source>Ambulance: %1</source>
        <translation>Ambulance: %1</translation>
    </message>
    <message>
        <source>Stay where you are. If you can, unlock the door.</source>
        <translation>Stay where you are. If you can, unlock the door.</translation>
    </message>
    <message>
        <source>The center knows you are fine.</source>
        <translation>The center knows you are fine.</translation>
    </message>
    <message>
        <source>Telling the center...</source>
        <translation>Telling the center...</translation>
    </message>
    <message>
        <source>You said you are fine.</source>
        <translation>You said you are fine.</translation>
    </message>
    <message>
        <source>%1 is on the way.</source>
        <translation>%1 is on the way.</translation>
    </message>
    <message>
        <source>%1 is phoning you.</source>
        <translation>%1 is phoning you.</translation>
    </message>
    <message>
        <source>%1 is coming to this kiosk.</source>
        <translation>%1 is coming to this kiosk.</translation>
    </message>
    <message>
        <source>%1 has taken your call.</source>
        <translation>%1 has taken your call.</translation>
    </message>
    <message>
        <source>The center has alerted all of its staff.</source>
        <translation>The center has alerted all of its staff.</translation>
    </message>
    <message>
        <source>This kiosk keeps waiting for an answer.</source>
        <translation>This kiosk keeps waiting for an answer.</translation>
    </message>
    <message>
        <source>Phone now:</source>
        <translation>Phone now:</translation>
    </message>
    <message>
        <source>This kiosk keeps trying to reach the center.</source>
        <translation>This kiosk keeps trying to reach the center.</translation>
    </message>
    <message>
        <source>The center has alerted all of its staff again.</source>
        <translation>The center has alerted all of its staff again.</translation>
    </message>
    <message>
        <source>The center has your call.</source>
        <translation>The center has your call.</translation>
    </message>
    <message>
        <source>This kiosk cannot show who answers. If you can, phone the center.</source>
        <translation>This kiosk cannot show who answers. If you can, phone the center.</translation>
    </message>
    <message>
        <source>Waiting for a staff member to answer.</source>
        <translation>Waiting for a staff member to answer.</translation>
    </message>
    <message>
        <source>Calling the center...</source>
        <translation>Calling the center...</translation>
    </message>
    <message>
        <source>This kiosk cannot save right now, so your call goes straight to the center.</source>
        <translation>This kiosk cannot save right now, so your call goes straight to the center.</translation>
    </message>
    <message>
        <source>Your call is saved on this kiosk and being sent.</source>
        <translation>Your call is saved on this kiosk and being sent.</translation>
    </message>
    <message>
        <source>I am fine, cancel the call</source>
        <translation>I am fine, cancel the call</translation>
    </message>
    <message>
        <source>Tell the center this was a false alarm</source>
        <translation>Tell the center this was a false alarm</translation>
    </message>
    <message>
        <source>Emergency call</source>
        <translation>Emergency call</translation>
    </message>
</context>
<context>
    <name>SosCancelledScreen</name>
    <message>
        <source>Cancelled. No call for help was made.</source>
        <translation>Cancelled. No call for help was made.</translation>
    </message>
    <message>
        <source>If you need help after all, press SOS.</source>
        <translation>If you need help after all, press SOS.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Call cancelled</source>
        <translation>Call cancelled</translation>
    </message>
</context>
<context>
    <name>SosCountdownScreen</name>
    <message>
        <source>Calling for help when the count reaches zero.</source>
        <translation>Calling for help when the count reaches zero.</translation>
    </message>
    <message>
        <source>Cancel, I am fine</source>
        <translation>Cancel, I am fine</translation>
    </message>
    <message>
        <source>Stop the emergency call</source>
        <translation>Stop the emergency call</translation>
    </message>
    <message>
        <source>Emergency call</source>
        <translation>Emergency call</translation>
    </message>
    <message>
        <source>Calling for help in %1 seconds. Tap Cancel to stop.</source>
        <translation>Calling for help in %1 seconds. Tap Cancel to stop.</translation>
    </message>
</context>
<context>
    <name>SosWithdrawScreen</name>
    <message>
        <source>Tell the center you are fine?</source>
        <translation>Tell the center you are fine?</translation>
    </message>
    <message>
        <source>Help me</source>
        <translation>Help me</translation>
    </message>
    <message>
        <source>Yes, I&apos;m fine</source>
        <translation>Yes, I&apos;m fine</translation>
    </message>
    <message>
        <source>Emergency call</source>
        <translation>Emergency call</translation>
    </message>
</context>
<context>
    <name>SoundScreen</name>
    <message>
        <source>Speech</source>
        <translation>Speech</translation>
    </message>
    <message>
        <source>Volume: %1 %</source>
        <translation>Volume: %1 %</translation>
    </message>
    <message>
        <source>Quieter</source>
        <translation>Quieter</translation>
    </message>
    <message>
        <source>Speak more quietly</source>
        <translation>Speak more quietly</translation>
    </message>
    <message>
        <source>Louder</source>
        <translation>Louder</translation>
    </message>
    <message>
        <source>Speak more loudly</source>
        <translation>Speak more loudly</translation>
    </message>
    <message>
        <source>Speed: %1 words a minute</source>
        <translation>Speed: %1 words a minute</translation>
    </message>
    <message>
        <source>Slower</source>
        <translation>Slower</translation>
    </message>
    <message>
        <source>Speak more slowly</source>
        <translation>Speak more slowly</translation>
    </message>
    <message>
        <source>Faster</source>
        <translation>Faster</translation>
    </message>
    <message>
        <source>Speak faster</source>
        <translation>Speak faster</translation>
    </message>
    <message>
        <source>Voice commands</source>
        <translation>Voice commands</translation>
    </message>
    <message>
        <source>Test the speaker</source>
        <translation>Test the speaker</translation>
    </message>
    <message>
        <source>Say a sentence aloud</source>
        <translation>Say a sentence aloud</translation>
    </message>
    <message>
        <source>Test the microphone</source>
        <translation>Test the microphone</translation>
    </message>
    <message>
        <source>Record three seconds, show how loud, and play it back</source>
        <translation>Record three seconds, show how loud, and play it back</translation>
    </message>
    <message>
        <source>Sound and voice</source>
        <translation>Sound and voice</translation>
    </message>
    <message>
        <source>Speech is off: turn it on to hear the test.</source>
        <translation>Speech is off: turn it on to hear the test.</translation>
    </message>
    <message>
        <source>This is the speaker test. If you can hear this sentence, the speaker works.</source>
        <translation>This is the speaker test. If you can hear this sentence, the speaker works.</translation>
    </message>
    <message>
        <source>Speaking a test sentence now. If nothing is heard, check the speaker.</source>
        <translation>Speaking a test sentence now. If nothing is heard, check the speaker.</translation>
    </message>
    <message>
        <source>Recording for three seconds: please speak now.</source>
        <translation>Recording for three seconds: please speak now.</translation>
    </message>
    <message>
        <source>The microphone could not be used. Check that it is plugged in. (%1)</source>
        <translation>The microphone could not be used. Check that it is plugged in. (%1)</translation>
    </message>
    <message>
        <source>silence</source>
        <translation>silence</translation>
    </message>
    <message>
        <source>A voice comes through clearly (loudest %1). Playing it back now.</source>
        <translation>A voice comes through clearly (loudest %1). Playing it back now.</translation>
    </message>
    <message>
        <source>Heard, but quietly (loudest %1): speak closer or check the level.</source>
        <translation>Heard, but quietly (loudest %1): speak closer or check the level.</translation>
    </message>
    <message>
        <source>Nothing was heard (%1). Check the microphone and its cable.</source>
        <translation>Nothing was heard (%1). Check the microphone and its cable.</translation>
    </message>
    <message>
        <source>The recording could not be played back (%1).</source>
        <translation>The recording could not be played back (%1).</translation>
    </message>
</context>
<context>
    <name>StaffMenuScreen</name>
    <message>
        <source>Connection</source>
        <translation>Connection</translation>
    </message>
    <message>
        <source>Sending to the center, and enrolling this kiosk</source>
        <translation>Sending to the center, and enrolling this kiosk</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>Sound</translation>
    </message>
    <message>
        <source>Speech, volume, speaking rate; test the speaker and microphone</source>
        <translation>Speech, volume, speaking rate; test the speaker and microphone</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>Text size</translation>
    </message>
    <message>
        <source>How large the words are on every screen</source>
        <translation>How large the words are on every screen</translation>
    </message>
    <message>
        <source>Time limits</source>
        <translation>Time limits</translation>
    </message>
    <message>
        <source>Close kiosk</source>
        <translation>Close kiosk</translation>
    </message>
    <message>
        <source>Sign-out time and the SOS countdown</source>
        <translation>Sign-out time and the SOS countdown</translation>
    </message>
    <message>
        <source>Close the kiosk program for maintenance</source>
        <translation>Close the kiosk program for maintenance</translation>
    </message>
    <message>
        <source>Staff settings</source>
        <translation>Staff settings</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>Nothing can be saved here. The center was told.</source>
        <translation>Nothing can be saved here. The center was told.</translation>
    </message>
    <message>
        <source>Nothing can be saved here. Please tell staff.</source>
        <translation>Nothing can be saved here. Please tell staff.</translation>
    </message>
    <message>
        <source>Not connected to the center. Please tell staff.</source>
        <translation>Not connected to the center. Please tell staff.</translation>
    </message>
    <message>
        <source>This terminal is switched off at the center. Please tell staff.</source>
        <translation>This terminal is switched off at the center. Please tell staff.</translation>
    </message>
    <message>
        <source>All sent</source>
        <translation>All sent</translation>
    </message>
    <message>
        <source>Offline since %1</source>
        <translation>Offline since %1</translation>
    </message>
    <message>
        <source>%1 waiting to send</source>
        <translation>%1 waiting to send</translation>
    </message>
    <message>
        <source>%1 not accepted, staff will check</source>
        <translation>%1 not accepted, staff will check</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>TextSizeScreen</name>
    <message>
        <source>Text size: %1 %</source>
        <translation>Text size: %1 %</translation>
    </message>
    <message>
        <source>Smaller</source>
        <translation>Smaller</translation>
    </message>
    <message>
        <source>Make the words smaller</source>
        <translation>Make the words smaller</translation>
    </message>
    <message>
        <source>Larger</source>
        <translation>Larger</translation>
    </message>
    <message>
        <source>Make the words larger</source>
        <translation>Make the words larger</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>Text size</translation>
    </message>
</context>
<context>
    <name>TimesScreen</name>
    <message>
        <source>Sign-out time: %1 seconds</source>
        <translation>Sign-out time: %1 seconds</translation>
    </message>
    <message>
        <source>Sooner</source>
        <translation>Sooner</translation>
    </message>
    <message>
        <source>Sign residents out sooner</source>
        <translation>Sign residents out sooner</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>Sign residents out later</source>
        <translation>Sign residents out later</translation>
    </message>
    <message>
        <source>SOS countdown: %1 seconds</source>
        <translation>SOS countdown: %1 seconds</translation>
    </message>
    <message>
        <source>Shorter</source>
        <translation>Shorter</translation>
    </message>
    <message>
        <source>Make the SOS countdown shorter</source>
        <translation>Make the SOS countdown shorter</translation>
    </message>
    <message>
        <source>Longer</source>
        <translation>Longer</translation>
    </message>
    <message>
        <source>Make the SOS countdown longer</source>
        <translation>Make the SOS countdown longer</translation>
    </message>
    <message>
        <source>Time limits</source>
        <translation>Time limits</translation>
    </message>
</context>
<context>
    <name>TypeKindScreen</name>
    <message>
        <source>Which reading?</source>
        <translation>Which reading?</translation>
    </message>
    <message>
        <source>Type in a reading</source>
        <translation>Type in a reading</translation>
    </message>
</context>
<context>
    <name>TypeValueScreen</name>
    <message>
        <source>Type the %1, in %2.</source>
        <translation>Type the %1, in %2.</translation>
    </message>
    <message>
        <source>Skip this number</source>
        <translation>Skip this number</translation>
    </message>
    <message>
        <source>Go on without this number</source>
        <translation>Go on without this number</translation>
    </message>
</context>
<context>
    <name>ValuePad</name>
    <message>
        <source>The number typed so far</source>
        <translation>The number typed so far</translation>
    </message>
    <message>
        <source>Use this number</source>
        <translation>Use this number</translation>
    </message>
    <message>
        <source>Type a decimal point</source>
        <translation>Type a decimal point</translation>
    </message>
</context>
<context>
    <name>VoiceController</name>
    <message>
        <source>Voice commands are switched off on this kiosk. Please tap.</source>
        <translation>Voice commands are switched off on this kiosk. Please tap.</translation>
    </message>
    <message>
        <source>Voice is not installed on this kiosk. Please tap the screen, or ask staff to install voice.</source>
        <translation>Voice is not installed on this kiosk. Please tap the screen, or ask staff to install voice.</translation>
    </message>
    <message>
        <source>Voice does not work at the moment. Please tap the screen.</source>
        <translation>Voice does not work at the moment. Please tap the screen.</translation>
    </message>
    <message>
        <source>Getting ready to listen ...</source>
        <translation>Getting ready to listen ...</translation>
    </message>
    <message>
        <source>Listening ... please speak now.</source>
        <translation>Listening ... please speak now.</translation>
    </message>
    <message>
        <source>I hear: “%1”</source>
        <translation>I hear: “%1”</translation>
    </message>
    <message>
        <source>I did not hear anything. Press Speak and talk, or tap the screen.</source>
        <translation>I did not hear anything. Press Speak and talk, or tap the screen.</translation>
    </message>
    <message>
        <source>The microphone does not work. Please tap the screen.</source>
        <translation>The microphone does not work. Please tap the screen.</translation>
    </message>
    <message>
        <source>Voice is not installed on this kiosk.</source>
        <translation>Voice is not installed on this kiosk.</translation>
    </message>
    <message>
        <source>You said: “%1”</source>
        <translation>You said: “%1”</translation>
    </message>
    <message>
        <source>Sorry, I did not understand. Please say it again or tap.</source>
        <translation>Sorry, I did not understand. Please say it again or tap.</translation>
    </message>
    <message>
        <source>I heard “%1”. %2</source>
        <translation>I heard “%1”. %2</translation>
    </message>
</context>
<context>
    <name>VolunteerNamesScreen</name>
    <message>
        <source>Sign in as this volunteer</source>
        <translation>Sign in as this volunteer</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Try again</translation>
    </message>
    <message>
        <source>Ask the center again</source>
        <translation>Ask the center again</translation>
    </message>
    <message>
        <source>Asking the center for its volunteers…</source>
        <translation>Asking the center for its volunteers…</translation>
    </message>
    <message>
        <source>A group lesson needs the center, and this kiosk cannot reach it now. Please try again later, or tell staff.</source>
        <translation>A group lesson needs the center, and this kiosk cannot reach it now. Please try again later, or tell staff.</translation>
    </message>
    <message>
        <source>No volunteer can sign in here yet. A volunteer sets a kiosk PIN in the center&apos;s console first.</source>
        <translation>No volunteer can sign in here yet. A volunteer sets a kiosk PIN in the center&apos;s console first.</translation>
    </message>
    <message>
        <source>Which volunteer are you?</source>
        <translation>Which volunteer are you?</translation>
    </message>
    <message>
        <source>Group lesson</source>
        <translation>Group lesson</translation>
    </message>
</context>
<context>
    <name>VolunteerPinScreen</name>
    <message>
        <source>Kiosk PIN, shown as dots</source>
        <translation>Kiosk PIN, shown as dots</translation>
    </message>
    <message>
        <source>Sign in as a volunteer</source>
        <translation>Sign in as a volunteer</translation>
    </message>
    <message>
        <source>%1, please type your kiosk PIN, then OK.</source>
        <translation>%1, please type your kiosk PIN, then OK.</translation>
    </message>
    <message>
        <source>Volunteer sign-in</source>
        <translation>Volunteer sign-in</translation>
    </message>
    <message>
        <source>Checking with the center…</source>
        <translation>Checking with the center…</translation>
    </message>
    <message>
        <source>That PIN is not right. Please type it again.</source>
        <translation>That PIN is not right. Please type it again.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Please try again in %1 min.</source>
        <translation>Too many wrong PINs. Please try again in %1 min.</translation>
    </message>
    <message>
        <source>This account is not a volunteer&apos;s. Please ask an administrator.</source>
        <translation>This account is not a volunteer&apos;s. Please ask an administrator.</translation>
    </message>
    <message>
        <source>This account is switched off. Please ask an administrator.</source>
        <translation>This account is switched off. Please ask an administrator.</translation>
    </message>
    <message>
        <source>The center does not accept this kiosk now. Please tell staff.</source>
        <translation>The center does not accept this kiosk now. Please tell staff.</translation>
    </message>
    <message>
        <source>A group lesson needs the center, and this kiosk cannot reach it now. Please try again later.</source>
        <translation>A group lesson needs the center, and this kiosk cannot reach it now. Please try again later.</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>. </source>
        <translation>. </translation>
    </message>
    <message>
        <source>Free of charge</source>
        <translation>Free of charge</translation>
    </message>
    <message>
        <source>%1 after your subsidy (full price %2)</source>
        <translation>%1 after your subsidy (full price %2)</translation>
    </message>
    <message>
        <source>%1, full price</source>
        <translation>%1, full price</translation>
    </message>
    <message>
        <source>The kiosk was busy and did not save this. Please tap again in a moment.</source>
        <translation>The kiosk was busy and did not save this. Please tap again in a moment.</translation>
    </message>
    <message>
        <source>The kiosk&apos;s storage is full, so this was not saved. Please ask staff for help, or phone the center: %1.</source>
        <translation>The kiosk&apos;s storage is full, so this was not saved. Please ask staff for help, or phone the center: %1.</translation>
    </message>
    <message>
        <source>The kiosk could not save this. Please ask staff for help, or phone the center: %1.</source>
        <translation>The kiosk could not save this. Please ask staff for help, or phone the center: %1.</translation>
    </message>
    <message>
        <source>%1 · order by %2</source>
        <translation>%1 · order by %2</translation>
    </message>
    <message>
        <source>%1 · closed at %2</source>
        <translation>%1 · closed at %2</translation>
    </message>
    <message>
        <source>%1 · not offered today</source>
        <translation>%1 · not offered today</translation>
    </message>
    <message>
        <source>Too late to order %1. Please choose another.</source>
        <translation>Too late to order %1. Please choose another.</translation>
    </message>
    <message>
        <source>order by %1</source>
        <translation>order by %1</translation>
    </message>
    <message>
        <source>Can be ordered today until %1.</source>
        <translation>Can be ordered today until %1.</translation>
    </message>
    <message>
        <source>%1 is not offered today. It can be ordered on: %2.</source>
        <translation>%1 is not offered today. It can be ordered on: %2.</translation>
    </message>
    <message>
        <source>%1 can be ordered until %2 each day. It is too late today: please order it tomorrow.</source>
        <translation>%1 can be ordered until %2 each day. It is too late today: please order it tomorrow.</translation>
    </message>
    <message>
        <source>%1 is not offered today. Nothing was ordered; please choose another.</source>
        <translation>%1 is not offered today. Nothing was ordered; please choose another.</translation>
    </message>
    <message>
        <source>Too late for %1: it could be ordered until %2. Nothing was ordered; please choose another.</source>
        <translation>Too late for %1: it could be ordered until %2. Nothing was ordered; please choose another.</translation>
    </message>
</context>
</TS>
