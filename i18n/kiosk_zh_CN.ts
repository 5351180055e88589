<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>Admin</name>
    <message>
        <source>this terminal keeps no settings file</source>
        <translation>本机不保存设置文件</translation>
    </message>
</context>
<context>
    <name>AdminScreen</name>
    <message>
        <source>The staff settings close in %1 seconds. Tap the screen to stay.</source>
        <translation>工作人员设置将在%1秒后关闭。点屏幕可继续使用。</translation>
    </message>
    <message>
        <source>%1: saved.</source>
        <translation>%1：已保存。</translation>
    </message>
    <message>
        <source>%1: changed until the kiosk restarts, but not saved (%2).</source>
        <translation>%1：已更改，但没有保存，重启后恢复原值（%2）。</translation>
    </message>
    <message>
        <source>on</source>
        <translation>开</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <comment>a setting and its state: Speech: on</comment>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Turn off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Turn on</source>
        <translation>打开</translation>
    </message>
</context>
<context>
    <name>CallEndedScreen</name>
    <message>
        <source>Call back</source>
        <translation>再打一次</translation>
    </message>
    <message>
        <source>Make the video call again</source>
        <translation>再打一次视频电话</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Go back</source>
        <translation>回到刚才的页面</translation>
    </message>
    <message>
        <source>Video call</source>
        <translation>视频通话</translation>
    </message>
</context>
<context>
    <name>CallView</name>
    <message>
        <source>Video of the call</source>
        <translation>通话视频</translation>
    </message>
</context>
<context>
    <name>CallWords</name>
    <message>
        <source>%1 hung up.</source>
        <translation>%1挂断了。</translation>
    </message>
    <message>
        <source>You hung up.</source>
        <translation>您挂断了。</translation>
    </message>
    <message>
        <source>The network was cut off, so the call ended.</source>
        <translation>网络断了，通话结束了。</translation>
    </message>
    <message>
        <source>%1 cannot answer now.</source>
        <translation>%1现在不方便接。</translation>
    </message>
    <message>
        <source>%1 did not answer.</source>
        <translation>%1没有接。</translation>
    </message>
    <message>
        <source>%1 is already in a call.</source>
        <translation>%1正在通话中。</translation>
    </message>
    <message>
        <source>It is quiet time now, so calls are not put through.</source>
        <translation>现在是休息时间，电话不会接通。</translation>
    </message>
    <message>
        <source>Calls are paused for now. Staff can tell you more.</source>
        <translation>视频电话暂时停用了。可以问问工作人员。</translation>
    </message>
    <message>
        <source>%1 cannot take calls at the moment.</source>
        <translation>%1现在接不了电话。</translation>
    </message>
    <message>
        <source>%1 is not online now. Try again later.</source>
        <translation>%1现在不在线。请过一会儿再打。</translation>
    </message>
    <message>
        <source>The call was cancelled.</source>
        <translation>电话已取消。</translation>
    </message>
    <message>
        <source>The call has ended.</source>
        <translation>通话结束了。</translation>
    </message>
    <message>
        <source>The center cannot be reached right now. Please try again later.</source>
        <translation>现在连不上服务中心。请过一会儿再试。</translation>
    </message>
    <message>
        <source>This tablet is not connected to the center. Please tell staff.</source>
        <translation>这台平板没有连上服务中心。请告诉工作人员。</translation>
    </message>
    <message>
        <source>This call is no longer there.</source>
        <translation>这个电话已经结束了。</translation>
    </message>
    <message>
        <source>The call could not be made. Please try again later.</source>
        <translation>电话没有打通。请过一会儿再试。</translation>
    </message>
    <message>
        <source>The camera cannot be used. Please tell staff.</source>
        <translation>摄像头用不了。请告诉工作人员。</translation>
    </message>
    <message>
        <source>The microphone cannot be used. Please tell staff.</source>
        <translation>麦克风用不了。请告诉工作人员。</translation>
    </message>
    <message>
        <source>The camera was not allowed. Please tell staff.</source>
        <translation>摄像头没有打开的权限。请告诉工作人员。</translation>
    </message>
    <message>
        <source>The call could not be joined. Please call again.</source>
        <translation>没能进入通话。请再打一次。</translation>
    </message>
    <message>
        <source>Something went wrong with the call. Please try again.</source>
        <translation>通话出了问题。请再试一次。</translation>
    </message>
    <message>
        <source>Video calls cannot start on this tablet. Please tell staff.</source>
        <translation>这台平板打不了视频电话。请告诉工作人员。</translation>
    </message>
    <message>
        <source>The call to %1 did not get through. Please try again later.</source>
        <translation>给%1的电话没有打通。请过一会儿再试。</translation>
    </message>
</context>
<context>
    <name>CancelConfirmScreen</name>
    <message>
        <source>Cancel this order? %1</source>
        <translation>要取消这个订单吗？%1</translation>
    </message>
    <message>
        <source>No, keep it</source>
        <translation>不取消</translation>
    </message>
    <message>
        <source>Yes, cancel it</source>
        <translation>是的，取消</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>取消订单</translation>
    </message>
    <message>
        <source>Cancelled: %1.</source>
        <translation>已取消：%1。</translation>
    </message>
    <message>
        <source>This order is already on its way and can no longer be cancelled.</source>
        <translation>这个订单已经在路上了，不能再取消。</translation>
    </message>
</context>
<context>
    <name>CheckInScreen</name>
    <message>
        <source>Elders, please show your card.</source>
        <translation>请各位老人出示服务卡。</translation>
    </message>
    <message>
        <source>Start the lesson</source>
        <translation>开始上课</translation>
    </message>
    <message>
        <source>Show the first step to the elders checked in</source>
        <translation>给已签到的老人显示第一步</translation>
    </message>
    <message>
        <source>Check in this card</source>
        <translation>用这张卡签到</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>Nobody is checked in yet.</source>
        <translation>还没有人签到。</translation>
    </message>
    <message>
        <source>Checked in (%1): %2</source>
        <translation>已签到（%1 人）：%2</translation>
    </message>
    <message>
        <source>The card could not be checked on this kiosk. Please try again.</source>
        <translation>这台机器查不了这张卡，请再试一次。</translation>
    </message>
    <message>
        <source>No resident has this card number. Please check it.</source>
        <translation>没有这个卡号的居民，请核对一下。</translation>
    </message>
    <message>
        <source>Welcome, %1. Next card, please.</source>
        <translation>欢迎您，%1。请下一位出示卡。</translation>
    </message>
    <message>
        <source>%1 is already checked in.</source>
        <translation>%1 已经签到了。</translation>
    </message>
    <message>
        <source>This check-in could not be saved on this kiosk. Please try again.</source>
        <translation>这次签到没能保存在这台机器上，请再试一次。</translation>
    </message>
</context>
<context>
    <name>CheckinScreen</name>
    <message>
        <source>Time for your video call with %1</source>
        <translation>该给%1打视频电话了</translation>
    </message>
    <message>
        <source>Call %1</source>
        <translation>打给%1</translation>
    </message>
    <message>
        <source>Make the video call now</source>
        <translation>现在打视频电话</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>以后再说</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>现在不打</translation>
    </message>
    <message>
        <source>Video call</source>
        <translation>视频通话</translation>
    </message>
</context>
<context>
    <name>ComingSoonScreen</name>
    <message>
        <source>Tap Home to choose something else.</source>
        <translation>点“首页”可以选别的服务。</translation>
    </message>
    <message>
        <source>%1 is coming soon to this terminal.</source>
        <translation>“%1”功能即将开通。</translation>
    </message>
</context>
<context>
    <name>ConfirmScreen</name>
    <message>
        <source>Please check your order:</source>
        <translation>请核对您的订单：</translation>
    </message>
    <message>
        <source>No, go back</source>
        <translation>不要了</translation>
    </message>
    <message>
        <source>Do not order; go back to the home screen</source>
        <translation>不下单，回到首页</translation>
    </message>
    <message>
        <source>Yes, order</source>
        <translation>确认下单</translation>
    </message>
    <message>
        <source>Place this order</source>
        <translation>提交这个订单</translation>
    </message>
    <message>
        <source>Confirm your order</source>
        <translation>确认订单</translation>
    </message>
    <message>
        <source>You are ordering: %1. %2. Tap Yes to order.</source>
        <translation>您要订的是：%1。%2。请点“确认下单”。</translation>
    </message>
    <message>
        <source>Saving...</source>
        <translation>正在保存…</translation>
    </message>
</context>
<context>
    <name>ConnectionScreen</name>
    <message>
        <source>Enrol with a code</source>
        <translation>用注册码注册</translation>
    </message>
    <message>
        <source>Connect this kiosk to the center with a code from the center&apos;s staff</source>
        <translation>用中心工作人员给的注册码把本机连接到中心</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>No center is set for this kiosk (server_url).</source>
        <translation>本机没有设置中心地址。</translation>
    </message>
    <message>
        <source>Center: %1</source>
        <translation>中心：%1</translation>
    </message>
    <message>
        <source>This kiosk is not enrolled (it would be %1).</source>
        <translation>本机尚未注册（注册名将是%1）。</translation>
    </message>
    <message>
        <source>Enrolled as %1.</source>
        <translation>已注册，名称：%1。</translation>
    </message>
    <message>
        <source>No news from sending yet.</source>
        <translation>还没有发送情况。</translation>
    </message>
    <message>
        <source>Sending: %1.</source>
        <translation>发送：%1。</translation>
    </message>
    <message>
        <source>Waiting to send: %1.</source>
        <translation>等待发送：%1条。</translation>
    </message>
    <message>
        <source>The center can be reached.</source>
        <translation>可以连上中心。</translation>
    </message>
    <message>
        <source>The center cannot be reached since %1.</source>
        <translation>从%1起连不上中心。</translation>
    </message>
    <message>
        <source>The center cannot be reached.</source>
        <translation>连不上中心。</translation>
    </message>
    <message>
        <source>Storage fault: %1. Nothing new can be saved here.</source>
        <translation>存储故障：%1。本机无法保存新内容。</translation>
    </message>
    <message>
        <source>Storage works.</source>
        <translation>存储正常。</translation>
    </message>
    <message>
        <source>Last answer from the center: %1.</source>
        <translation>中心最近一次回应：%1。</translation>
    </message>
    <message>
        <source>No answer from the center since the kiosk started.</source>
        <translation>本机启动以来中心还没有回应。</translation>
    </message>
</context>
<context>
    <name>ConsentScreen</name>
    <message>
        <source>Readings are shown to you but not kept or sent</source>
        <translation>测量结果只给您看，不保存也不发送</translation>
    </message>
    <message>
        <source>No</source>
        <translation>不可以</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>可以</translation>
    </message>
    <message>
        <source>Readings are kept here and sent to the center&apos;s nurses</source>
        <translation>测量结果保存在这里，并发给中心的护士</translation>
    </message>
    <message>
        <source>Your readings</source>
        <translation>测量结果</translation>
    </message>
    <message>
        <source>May the center keep them?</source>
        <translation>中心可以保存吗？</translation>
    </message>
    <message>
        <source>Readings are your blood pressure, blood sugar, pulse, oxygen, temperature and weight. The center&apos;s nurses see them, only to look after you.</source>
        <translation>测量结果包括血压、血糖、脉搏、血氧、体温和体重。中心的护士会看到，只用于照顾您。</translation>
    </message>
    <message>
        <source>If you say no, you can still measure and see your numbers, order services and call for help.</source>
        <translation>如果您说不，仍然可以测量并看到数值，也可以预约服务和求助。</translation>
    </message>
    <message>
        <source>You can change your answer here at any time.</source>
        <translation>您随时可以在这里改变回答。</translation>
    </message>
    <message>
        <source>You have not answered yet.</source>
        <translation>您还没有回答。</translation>
    </message>
    <message>
        <source>Answered %1: yes, your readings are kept.</source>
        <translation>%1回答：同意，您的测量结果会保存。</translation>
    </message>
    <message>
        <source>Answered %1: no, your readings are not kept.</source>
        <translation>%1回答：不同意，您的测量结果不保存。</translation>
    </message>
    <message>
        <source>Thank you. Your readings are kept from now on.</source>
        <translation>谢谢。从现在起，您的测量结果会保存。</translation>
    </message>
    <message>
        <source>Your readings are not kept from now on.</source>
        <translation>从现在起，您的测量结果不再保存。</translation>
    </message>
    <message>
        <source>Your answer could not be kept. Please try again or ask a member of staff.</source>
        <translation>您的回答没有保存成功。请再试一次，或请工作人员帮忙。</translation>
    </message>
</context>
<context>
    <name>ContactsScreen</name>
    <message>
        <source>Looking for your family...</source>
        <translation>正在找您的家人……</translation>
    </message>
    <message>
        <source>Video call</source>
        <translation>视频通话</translation>
    </message>
    <message>
        <source>Video call %1</source>
        <translation>给%1打视频电话</translation>
    </message>
    <message>
        <source>Change whether calls from %1 answer by themselves</source>
        <translation>更改%1打来时是否自动接通</translation>
    </message>
    <message>
        <source>Answers by itself: on</source>
        <translation>自动接通：开</translation>
    </message>
    <message>
        <source>Answers by itself: off</source>
        <translation>自动接通：关</translation>
    </message>
    <message>
        <source>Please sign in first.</source>
        <translation>请先刷卡登录。</translation>
    </message>
    <message>
        <source>Whom would you like to call?</source>
        <translation>您想给谁打视频电话？</translation>
    </message>
    <message>
        <source>No family members are set up for video calls yet. Staff can add them.</source>
        <translation>还没有可以视频通话的家人。请工作人员帮您添加。</translation>
    </message>
    <message>
        <source>Calls from %1 now answer by themselves after %2 seconds, with the camera on.</source>
        <translation>以后%1打来，%2秒后自动接通，摄像头会打开。</translation>
    </message>
    <message>
        <source>Calls from %1 now ring until you answer.</source>
        <translation>以后%1打来，会一直响铃，等您来接。</translation>
    </message>
    <message>
        <source>The change could not be saved. %1</source>
        <translation>没有改成。%1</translation>
    </message>
</context>
<context>
    <name>EnrolScreen</name>
    <message>
        <source>Type the 12-digit code, then OK.</source>
        <translation>输入12位注册码，再点确定。</translation>
    </message>
    <message>
        <source>Enrolment code</source>
        <translation>注册码</translation>
    </message>
    <message>
        <source>Enrol with this code</source>
        <translation>用这个注册码注册</translation>
    </message>
    <message>
        <source>Enrol this kiosk</source>
        <translation>注册本机</translation>
    </message>
    <message>
        <source>That code has %1 digits, not 12.</source>
        <translation>注册码是12位，刚才输入了%1位。</translation>
    </message>
    <message>
        <source>No center is set for this kiosk (server_url): set it first.</source>
        <translation>本机没有设置中心地址，请先在设置文件中设置。</translation>
    </message>
    <message>
        <source>Enrolling with the center...</source>
        <translation>正在向中心注册……</translation>
    </message>
    <message>
        <source>Enrolled as %1. Restart the kiosk to start sending to the center.</source>
        <translation>已注册，名称：%1。重启本机后开始向中心发送。</translation>
    </message>
    <message>
        <source>Not enrolled: %1</source>
        <translation>没有注册成功：%1</translation>
    </message>
</context>
<context>
    <name>GroupLessonScreen</name>
    <message>
        <source>Step back</source>
        <translation>退一步</translation>
    </message>
    <message>
        <source>Volunteer: show the step before this one</source>
        <translation>志愿者：显示上一步</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Volunteer: show the next step</source>
        <translation>志愿者：显示下一步</translation>
    </message>
    <message>
        <source>Marks</source>
        <translation>评定</translation>
    </message>
    <message>
        <source>Volunteer: mark each elder and end the session</source>
        <translation>志愿者：评定每位老人并结束课程</translation>
    </message>
</context>
<context>
    <name>HealthHomeScreen</name>
    <message>
        <source>Type in a reading</source>
        <translation>输入读数</translation>
    </message>
    <message>
        <source>From a paper record or another meter</source>
        <translation>抄写纸上的记录或其他仪器的读数</translation>
    </message>
    <message>
        <source>My readings</source>
        <translation>我的记录</translation>
    </message>
    <message>
        <source>Charts of the last 7 and 30 days</source>
        <translation>近7天和30天的变化图</translation>
    </message>
    <message>
        <source>Keep my readings?</source>
        <translation>保存测量结果？</translation>
    </message>
    <message>
        <source>This kiosk has no health devices. You can type a reading in.</source>
        <translation>本机没有健康仪器，您可以手动输入读数。</translation>
    </message>
    <message>
        <source>Not measured yet</source>
        <translation>还没有量过</translation>
    </message>
    <message>
        <source>Last: %1</source>
        <translation>上次：%1</translation>
    </message>
    <message>
        <source>Your readings are kept; tap to change</source>
        <translation>测量结果会保存；点这里可以改</translation>
    </message>
    <message>
        <source>Your readings are not kept; tap to change</source>
        <translation>测量结果不保存；点这里可以改</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康</translation>
    </message>
    <message>
        <source>Health. What would you like to do?</source>
        <translation>健康。您想做什么？</translation>
    </message>
</context>
<context>
    <name>HealthSteps</name>
    <message>
        <source>Sit down and rest for a moment.</source>
        <translation>坐好，先休息一会儿。</translation>
    </message>
    <message>
        <source>Put a finger into the clip, nail up.</source>
        <translation>把一根手指伸进夹子里，指甲朝上。</translation>
    </message>
    <message>
        <source>Rest your hand on the table and keep it still.</source>
        <translation>手放在桌上，不要动。</translation>
    </message>
    <message>
        <source>Wash and dry your hands.</source>
        <translation>洗手，擦干。</translation>
    </message>
    <message>
        <source>Put a test strip into the blood sugar meter.</source>
        <translation>把试纸插进血糖仪。</translation>
    </message>
    <message>
        <source>Put the cuff on your upper arm, arm on the table.</source>
        <translation>把袖带绑在上臂，手臂放在桌上。</translation>
    </message>
    <message>
        <source>Press start on the monitor and keep still.</source>
        <translation>按血压计上的开始键，身体不要动。</translation>
    </message>
    <message>
        <source>Hold it to your forehead and press its key.</source>
        <translation>把体温计对着额头，按一下按键。</translation>
    </message>
    <message>
        <source>Touch the strip&apos;s end with a drop of blood.</source>
        <translation>用指尖的一滴血碰一下试纸的顶端。</translation>
    </message>
    <message>
        <source>Take off your shoes and any heavy coat.</source>
        <translation>脱掉鞋子和厚外套。</translation>
    </message>
    <message>
        <source>Stand still on the middle of the scale.</source>
        <translation>站到体重秤中间，站稳不动。</translation>
    </message>
    <message>
        <source>Put the strap round your chest, under your clothes.</source>
        <translation>把心率带绑在胸前，贴着皮肤。</translation>
    </message>
    <message>
        <source>Sit down and keep still.</source>
        <translation>坐好，不要动。</translation>
    </message>
</context>
<context>
    <name>HealthWords</name>
    <message>
        <source>Blood pressure</source>
        <translation>血压</translation>
    </message>
    <message>
        <source>Blood oxygen</source>
        <translation>血氧</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>体温</translation>
    </message>
    <message>
        <source>Blood sugar</source>
        <translation>血糖</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>体重</translation>
    </message>
    <message>
        <source>Heart rate</source>
        <translation>心率</translation>
    </message>
    <message>
        <source>blood pressure monitor</source>
        <translation>血压计</translation>
    </message>
    <message>
        <source>finger clip oximeter</source>
        <translation>指夹血氧仪</translation>
    </message>
    <message>
        <source>thermometer</source>
        <translation>体温计</translation>
    </message>
    <message>
        <source>blood sugar meter</source>
        <translation>血糖仪</translation>
    </message>
    <message>
        <source>scale</source>
        <translation>体重秤</translation>
    </message>
    <message>
        <source>heart rate strap</source>
        <translation>心率带</translation>
    </message>
    <message>
        <source>Upper number (systolic)</source>
        <translation>高压（收缩压）</translation>
    </message>
    <message>
        <source>Lower number (diastolic)</source>
        <translation>低压（舒张压）</translation>
    </message>
    <message>
        <source>Pulse</source>
        <translation>脉搏</translation>
    </message>
    <message>
        <source>mmHg</source>
        <translation>毫米汞柱</translation>
    </message>
    <message>
        <source>beats/min</source>
        <translation>次/分</translation>
    </message>
    <message>
        <source>mmol/L</source>
        <translation>毫摩尔/升</translation>
    </message>
    <message>
        <source>kg</source>
        <translation>公斤</translation>
    </message>
    <message>
        <source>Before eating</source>
        <translation>空腹（饭前）</translation>
    </message>
    <message>
        <source>After a meal</source>
        <translation>饭后</translation>
    </message>
    <message>
        <source>Not sure</source>
        <translation>不清楚</translation>
    </message>
    <message>
        <source>%1 %2 %3</source>
        <translation>%1 %2 %3</translation>
    </message>
    <message>
        <source>MMM d, HH:mm</source>
        <translation>M月d日 HH:mm</translation>
    </message>
    <message>
        <source>Looking for the %1...</source>
        <translation>正在找%1……</translation>
    </message>
    <message>
        <source>Connecting to the %1...</source>
        <translation>正在连接%1……</translation>
    </message>
    <message>
        <source>The %1 is connected. Start the measurement on it.</source>
        <translation>%1已连接。请在%1上开始测量。</translation>
    </message>
    <message>
        <source>Measuring. Please keep still.</source>
        <translation>正在测量，请不要动。</translation>
    </message>
    <message>
        <source>Done. Showing your reading.</source>
        <translation>量好了，正在显示结果。</translation>
    </message>
    <message>
        <source>The %1 did not send a reading.</source>
        <translation>%1没有送来读数。</translation>
    </message>
    <message>
        <source>This kiosk cannot reach the %1: its Bluetooth is off. Please ask staff, or type the numbers in.</source>
        <translation>本机的蓝牙关着，连不上%1。请找工作人员，或者手动输入读数。</translation>
    </message>
    <message>
        <source>The %1 was not found. Please turn it on and press its start key again.</source>
        <translation>%1没有找到。请打开%1，再按一次开始键。</translation>
    </message>
    <message>
        <source>The %1 stopped before the measurement was finished. Nothing was saved. Please measure again.</source>
        <translation>%1在测量完成前断开了，没有保存。请再量一次。</translation>
    </message>
    <message>
        <source>The %1 sent something this kiosk cannot read. Nothing was saved. Please measure again, or ask staff.</source>
        <translation>%1送来的数据本机无法识别，没有保存。请再量一次，或者找工作人员。</translation>
    </message>
    <message>
        <source>No reading came from the %1. Please press its start key again.</source>
        <translation>%1没有送来读数。请再按一次开始键。</translation>
    </message>
    <message>
        <source>This kiosk has no working Bluetooth for the %1. Please ask staff, or type the numbers in.</source>
        <translation>本机的蓝牙不能用，连不上%1。请找工作人员，或者手动输入读数。</translation>
    </message>
    <message>
        <source>The %1 is not set up with this kiosk yet. Please ask staff, or type the numbers in.</source>
        <translation>%1还没有和本机配对。请找工作人员，或者手动输入读数。</translation>
    </message>
    <message>
        <source>This kiosk could not connect to the %1. Please turn it off and on again, then measure again.</source>
        <translation>本机连不上%1。请把%1关掉再打开，然后再量一次。</translation>
    </message>
    <message>
        <source>The %1 has no new reading. Please measure with it first, then try again.</source>
        <translation>%1里没有新的读数。请先用%1量一次，再试一次。</translation>
    </message>
    <message>
        <source>This kiosk has no %1. Please type the numbers in.</source>
        <translation>本机没有%1。请手动输入读数。</translation>
    </message>
    <message>
        <source>Something went wrong with the %1. Nothing was saved. Please measure again.</source>
        <translation>%1出了问题，没有保存。请再量一次。</translation>
    </message>
    <message>
        <source>Saving on this kiosk...</source>
        <translation>正在保存到本机……</translation>
    </message>
    <message>
        <source>Saved on this kiosk, sending to the center.</source>
        <translation>已保存在本机，正在发送给服务中心。</translation>
    </message>
    <message>
        <source>The center has your reading.</source>
        <translation>服务中心已收到您的读数。</translation>
    </message>
    <message>
        <source>%1 has seen it.</source>
        <translation>%1已看到。</translation>
    </message>
    <message>
        <source>A staff member</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>没有保存。</translation>
    </message>
</context>
<context>
    <name>HistoryScreen</name>
    <message>
        <source>7 days</source>
        <translation>7天</translation>
    </message>
    <message>
        <source>Show a chart of the last 7 days</source>
        <translation>显示近7天的变化图</translation>
    </message>
    <message>
        <source>30 days</source>
        <translation>30天</translation>
    </message>
    <message>
        <source>Show a chart of the last 30 days</source>
        <translation>显示近30天的变化图</translation>
    </message>
    <message>
        <source>List</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>Show the readings as a list of words</source>
        <translation>用文字列出每次的读数</translation>
    </message>
    <message>
        <source> (shown now)</source>
        <translation>（正在显示）</translation>
    </message>
    <message>
        <source>Your readings could not be read just now. Please try again.</source>
        <translation>现在读不出您的记录。请稍后再试。</translation>
    </message>
    <message>
        <source>No readings of %1 in the last %2 days.</source>
        <translation>近%2天没有%1的记录。</translation>
    </message>
    <message>
        <source>%1 readings in the last %2 days, newest first.</source>
        <translation>近%2天有%1次记录，最新的在前。</translation>
    </message>
    <message>
        <source>In %1.</source>
        <translation>单位：%1。</translation>
    </message>
    <message>
        <source>The shaded band is your normal range.</source>
        <translation>浅色的一条是您的正常范围。</translation>
    </message>
    <message>
        <source>Last: %1.</source>
        <translation>最近一次：%1。</translation>
    </message>
    <message>
        <source>Chart of the last %1 days</source>
        <translation>近%1天的变化图</translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>My orders</source>
        <translation>我的订单</translation>
    </message>
    <message>
        <source>See and cancel your orders</source>
        <translation>查看和取消您的订单</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>健康</translation>
    </message>
    <message>
        <source>Blood pressure and other readings</source>
        <translation>血压等健康数据</translation>
    </message>
    <message>
        <source>Learn</source>
        <translation>学习</translation>
    </message>
    <message>
        <source>Lessons for phones and the internet</source>
        <translation>学用手机和上网</translation>
    </message>
    <message>
        <source>Video call</source>
        <translation>视频通话</translation>
    </message>
    <message>
        <source>Call your family</source>
        <translation>和家人视频</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>社区服务</translation>
    </message>
    <message>
        <source>Community services. Tap a service: %1.</source>
        <translation>社区服务。请点选服务：%1。</translation>
    </message>
    <message>
        <source>Group lesson</source>
        <translation>小组课</translation>
    </message>
    <message>
        <source>For volunteers: run a lesson for several elders</source>
        <translation>志愿者专用：给几位老人一起上课</translation>
    </message>
</context>
<context>
    <name>IdleBanner</name>
    <message>
        <source>I am still here</source>
        <translation>我还在用</translation>
    </message>
    <message>
        <source>Stay signed in</source>
        <translation>继续使用，不退出</translation>
    </message>
    <message>
        <source>For your privacy you will be signed out in %1 seconds.</source>
        <translation>为保护您的隐私，%1 秒后将自动退出登录。</translation>
    </message>
    <message>
        <source>Are you still there? Tap the screen to stay signed in.</source>
        <translation>您还在吗？点一下屏幕就可以继续使用。</translation>
    </message>
</context>
<context>
    <name>InCallScreen</name>
    <message>
        <source>Camera on</source>
        <translation>摄像头开着</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>挂断</translation>
    </message>
    <message>
        <source>End the video call</source>
        <translation>结束视频通话</translation>
    </message>
    <message>
        <source>Quieter</source>
        <translation>小声</translation>
    </message>
    <message>
        <source>Turn the sound down</source>
        <translation>把声音调小</translation>
    </message>
    <message>
        <source>Louder</source>
        <translation>大声</translation>
    </message>
    <message>
        <source>Turn the sound up</source>
        <translation>把声音调大</translation>
    </message>
    <message>
        <source>Video call</source>
        <translation>视频通话</translation>
    </message>
    <message>
        <source>Calling %1...</source>
        <translation>正在呼叫%1……</translation>
    </message>
    <message>
        <source>Connecting...</source>
        <translation>正在接通……</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>已和%1接通</translation>
    </message>
    <message>
        <source>Poor network; reconnecting...</source>
        <translation>网络不好，正在重新连接……</translation>
    </message>
    <message>
        <source>Volume %1 of 5</source>
        <translation>音量%1，最大5</translation>
    </message>
</context>
<context>
    <name>IncomingScreen</name>
    <message>
        <source>Photo of %1</source>
        <translation>%1的照片</translation>
    </message>
    <message>
        <source>is calling you by video</source>
        <translation>打来视频电话</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>接听</translation>
    </message>
    <message>
        <source>Answer the video call; the camera turns on</source>
        <translation>接听视频电话，摄像头会打开</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>不接</translation>
    </message>
    <message>
        <source>Do not answer this call</source>
        <translation>不接这个电话</translation>
    </message>
    <message>
        <source>Video call</source>
        <translation>视频通话</translation>
    </message>
    <message>
        <source>Answers by itself in %1 s; the camera will turn on</source>
        <translation>%1 秒后自动接通，摄像头会打开</translation>
    </message>
    <message>
        <source>Say yes or tap Answer.</source>
        <translation>说“接听”或点“接听”。</translation>
    </message>
</context>
<context>
    <name>Learn</name>
    <message>
        <source>Step %1 of %2</source>
        <translation>第%1步，共%2步</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>还没开始</translation>
    </message>
    <message>
        <source>Mastered</source>
        <translation>学会了</translation>
    </message>
    <message>
        <source>Practised</source>
        <translation>练过了</translation>
    </message>
    <message>
        <source>All steps seen</source>
        <translation>每一步都学过了</translation>
    </message>
    <message>
        <source>Up to step %1 of %2</source>
        <translation>学到第%1步，共%2步</translation>
    </message>
</context>
<context>
    <name>LearnHomeScreen</name>
    <message>
        <source>No lessons can be shown. Please tell staff.</source>
        <translation>现在没有能学的课。请告诉工作人员。</translation>
    </message>
    <message>
        <source>Learn</source>
        <translation>学习</translation>
    </message>
    <message>
        <source>Learn. Which lesson would you like?</source>
        <translation>学习。您想学哪一课？</translation>
    </message>
</context>
<context>
    <name>LeaveScreen</name>
    <message>
        <source>Restarting the computer starts it again too.</source>
        <translation>重启电脑也会让它再次启动。</translation>
    </message>
    <message>
        <source>Close now</source>
        <translation>关闭自助机</translation>
    </message>
    <message>
        <source>Don&apos;t close</source>
        <translation>继续运行</translation>
    </message>
    <message>
        <source>Close the kiosk</source>
        <translation>退出自助机模式</translation>
    </message>
    <message>
        <source>Leave kiosk mode now</source>
        <translation>现在退出自助机模式</translation>
    </message>
    <message>
        <source>Residents cannot use this kiosk until it is started again.</source>
        <translation>自助机程序将关闭。再次启动前，居民无法使用本机。</translation>
    </message>
    <message>
        <source>Go back to the staff settings</source>
        <translation>回到工作人员设置</translation>
    </message>
</context>
<context>
    <name>LessonDoneScreen</name>
    <message>
        <source>Lesson done</source>
        <translation>这课学完了</translation>
    </message>
    <message>
        <source>You have gone through every step of “%1”.</source>
        <translation>“%1”的每一步您都学过了。</translation>
    </message>
    <message>
        <source>Now you can try it yourself. In practice nothing real happens.</source>
        <translation>现在可以自己试一试。练习时什么都不会真的发生。</translation>
    </message>
    <message>
        <source>Practise</source>
        <translation>去练习</translation>
    </message>
    <message>
        <source>Try it yourself on a practice screen</source>
        <translation>在练习的画面上自己试一试</translation>
    </message>
    <message>
        <source>Start again</source>
        <translation>从头再学</translation>
    </message>
    <message>
        <source>Go through the lesson again from step 1</source>
        <translation>从第1步重新学一遍</translation>
    </message>
    <message>
        <source>Other lessons</source>
        <translation>学别的课</translation>
    </message>
    <message>
        <source>Back to the list of lessons</source>
        <translation>回到课程列表</translation>
    </message>
</context>
<context>
    <name>LessonPlayerScreen</name>
    <message>
        <source>This step could not be saved on this kiosk. You can go on.</source>
        <translation>这一步没能记在这台机器上。您可以接着学。</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Show the step before this one</source>
        <translation>看前面那一步</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>再说一遍</translation>
    </message>
    <message>
        <source>Say this step again</source>
        <translation>把这一步再说一遍</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Show the next step</source>
        <translation>看下一步</translation>
    </message>
    <message>
        <source>Look here</source>
        <translation>看这里</translation>
    </message>
    <message>
        <source>A picture of the screen. A yellow ring marks the part this step is about.</source>
        <translation>手机画面的图。黄色的圈圈出这一步要看的地方。</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>学完了</translation>
    </message>
    <message>
        <source>The lesson is done</source>
        <translation>这课学完了</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Community care</source>
        <translation>社区养老服务</translation>
    </message>
    <message>
        <source>Community care kiosk</source>
        <translation>社区养老服务终端</translation>
    </message>
    <message>
        <source>SOS</source>
        <translation>紧急求助</translation>
    </message>
    <message>
        <source>Call for help in an emergency</source>
        <translation>遇到紧急情况时呼叫求助</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation>朗读</translation>
    </message>
    <message>
        <source>Read this screen aloud</source>
        <translation>朗读这一页</translation>
    </message>
    <message>
        <source>Speak</source>
        <translation>说话</translation>
    </message>
    <message>
        <source>Say what you want instead of tapping</source>
        <translation>不用点，直接说出您要什么</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Go back one screen</source>
        <translation>回到上一页</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>首页</translation>
    </message>
    <message>
        <source>Go to the home screen</source>
        <translation>回到首页</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop listening</source>
        <translation>停止听</translation>
    </message>
    <message>
        <source>Message from the center: %1</source>
        <translation>社区中心的消息：%1</translation>
    </message>
    <message>
        <source>SOS</source>
        <comment>short, where large type crowds the header</comment>
        <translation>求助</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Sign out of this kiosk</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>刷卡登录</translation>
    </message>
    <message>
        <source>Sign in with your service card</source>
        <translation>用服务卡登录</translation>
    </message>
</context>
<context>
    <name>MealScreen</name>
    <message>
        <source>When did you last eat?</source>
        <translation>这次量的时候，吃过饭了吗？</translation>
    </message>
</context>
<context>
    <name>MeaningScreen</name>
    <message>
        <source>Which did you mean?</source>
        <translation>您是说哪一个？</translation>
    </message>
    <message>
        <source>Which one?</source>
        <translation>哪一个？</translation>
    </message>
    <message>
        <source>Did you mean %1?</source>
        <translation>您是说%1？</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation>%1还是%2</translation>
    </message>
</context>
<context>
    <name>MeasuringScreen</name>
    <message>
        <source>Measure again</source>
        <translation>再量一次</translation>
    </message>
    <message>
        <source>Try the device once more</source>
        <translation>再用仪器量一次</translation>
    </message>
    <message>
        <source>Type the numbers in</source>
        <translation>手动输入读数</translation>
    </message>
    <message>
        <source>Type the reading on a number pad instead</source>
        <translation>改用数字键盘输入读数</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop measuring</source>
        <translation>停止测量</translation>
    </message>
</context>
<context>
    <name>MissedCallScreen</name>
    <message>
        <source>Missed video call from %1</source>
        <translation>未接视频电话：%1</translation>
    </message>
    <message>
        <source>Video call</source>
        <translation>视频通话</translation>
    </message>
</context>
<context>
    <name>MyReadingsScreen</name>
    <message>
        <source>Which readings?</source>
        <translation>看哪一项？</translation>
    </message>
    <message>
        <source>My readings</source>
        <translation>我的记录</translation>
    </message>
</context>
<context>
    <name>NumberPad</name>
    <message>
        <source>Card number</source>
        <translation>卡号</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the last digit</source>
        <translation>删掉最后一位数字</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Sign in with this number</source>
        <translation>用这个卡号登录</translation>
    </message>
</context>
<context>
    <name>OrderClosedScreen</name>
    <message>
        <source>Choose again</source>
        <translation>重新选择</translation>
    </message>
    <message>
        <source>Choose another answer for this order</source>
        <translation>给这个订单选别的</translation>
    </message>
</context>
<context>
    <name>OrderResultScreen</name>
    <message>
        <source>Your order: %1.</source>
        <translation>您的订单：%1。</translation>
    </message>
    <message>
        <source>Not saved: %1.</source>
        <translation>没有保存：%1。</translation>
    </message>
    <message>
        <source>See my orders</source>
        <translation>查看我的订单</translation>
    </message>
    <message>
        <source>Order not accepted</source>
        <translation>中心不能接单</translation>
    </message>
    <message>
        <source>Order saved</source>
        <translation>订单已保存</translation>
    </message>
    <message>
        <source>Order not saved</source>
        <translation>订单没有保存</translation>
    </message>
</context>
<context>
    <name>OrderRow</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel this order</source>
        <translation>取消这个订单</translation>
    </message>
</context>
<context>
    <name>OrderWords</name>
    <message>
        <source>Saved on this kiosk</source>
        <translation>已保存在本机</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Center accepted</source>
        <translation>中心已接单</translation>
    </message>
    <message>
        <source>On the way</source>
        <translation>正在路上</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Not accepted</source>
        <translation>中心不能接单</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>没有保存</translation>
    </message>
    <message>
        <source>Saved on this kiosk. It will be sent to the center when the network allows.</source>
        <translation>已保存在本机，有网络时会发给社区中心。</translation>
    </message>
    <message>
        <source>Sent. The center has not accepted it yet.</source>
        <translation>已发送，社区中心还没有接单。</translation>
    </message>
    <message>
        <source>The center accepted it.</source>
        <translation>社区中心已接单。</translation>
    </message>
    <message>
        <source>The center accepted it and it is on the way.</source>
        <translation>中心已接单，正在路上。</translation>
    </message>
    <message>
        <source>This order was not accepted and will not be carried out.</source>
        <translation>中心不能接单，这个订单不会办理。</translation>
    </message>
    <message>
        <source>The center accepted your %1 order.</source>
        <translation>您的%1订单：中心已接单。</translation>
    </message>
    <message>
        <source>Your %1 order: not accepted.</source>
        <translation>您的%1订单：中心不能接单。</translation>
    </message>
    <message>
        <source>It is too late to order this for today. You can order it for tomorrow.</source>
        <translation>今天的已经过了预订时间，不能再订了。可以订明天的。</translation>
    </message>
    <message>
        <source>This service is not offered today. Please choose another day.</source>
        <translation>这项服务今天不提供，请选别的日子。</translation>
    </message>
    <message>
        <source>The center does not know this card. Please ask the staff.</source>
        <translation>服务中心没有这张卡的登记，请问工作人员。</translation>
    </message>
    <message>
        <source>This card is no longer in use. Please ask the staff.</source>
        <translation>这张卡已经停用了，请问工作人员。</translation>
    </message>
    <message>
        <source>The center no longer offers this service. Please ask the staff.</source>
        <translation>服务中心已经不提供这项服务了，请问工作人员。</translation>
    </message>
    <message>
        <source>The center no longer offers this choice. Please order again.</source>
        <translation>服务中心已经没有这个选项了，请重新订。</translation>
    </message>
    <message>
        <source>The center could not take this order.</source>
        <translation>服务中心没能接下这个订单。</translation>
    </message>
    <message>
        <source>Too late for today.</source>
        <translation>今天已经截止。</translation>
    </message>
    <message>
        <source>Not offered today.</source>
        <translation>今天不提供。</translation>
    </message>
    <message>
        <source>Card not known.</source>
        <translation>中心不认识这张卡。</translation>
    </message>
    <message>
        <source>Card no longer in use.</source>
        <translation>这张卡已经停用。</translation>
    </message>
    <message>
        <source>No longer offered.</source>
        <translation>这项服务已经没有了。</translation>
    </message>
    <message>
        <source>Choice no longer offered.</source>
        <translation>这个选项已经没有了。</translation>
    </message>
    <message>
        <source>Not taken.</source>
        <translation>中心没有收下。</translation>
    </message>
    <message>
        <source>The center says it is done.</source>
        <translation>社区中心说已完成。</translation>
    </message>
    <message>
        <source>This order is cancelled.</source>
        <translation>这个订单已取消。</translation>
    </message>
    <message>
        <source>This order was not saved.</source>
        <translation>这个订单没有保存。</translation>
    </message>
    <message>
        <source>Your %1 order: saved on this kiosk, not sent yet.</source>
        <translation>您的%1订单：已保存在本机，还没有发出。</translation>
    </message>
    <message>
        <source>Your %1 order: sent, not accepted yet.</source>
        <translation>您的%1订单：已发送，中心还没有接单。</translation>
    </message>
    <message>
        <source>Your %1 order: on the way.</source>
        <translation>您的%1订单：正在路上。</translation>
    </message>
    <message>
        <source>Your %1 order: done.</source>
        <translation>您的%1订单：已完成。</translation>
    </message>
    <message>
        <source>Your %1 order: cancelled.</source>
        <translation>您的%1订单：已取消。</translation>
    </message>
    <message>
        <source>Your %1 order: not saved.</source>
        <translation>您的%1订单：没有保存。</translation>
    </message>
</context>
<context>
    <name>OrdersScreen</name>
    <message>
        <source>Loading your orders...</source>
        <translation>正在读取您的订单…</translation>
    </message>
    <message>
        <source>My orders</source>
        <translation>我的订单</translation>
    </message>
    <message>
        <source>You have no orders yet.</source>
        <translation>您还没有订单。</translation>
    </message>
    <message>
        <source>Your orders, newest first:</source>
        <translation>您的订单（最新的在最前面）：</translation>
    </message>
</context>
<context>
    <name>OutOfServiceWindow</name>
    <message>
        <source>Out of service</source>
        <translation>暂停服务</translation>
    </message>
    <message>
        <source>This terminal cannot be used right now.</source>
        <translation>这台机器暂时不能使用。</translation>
    </message>
    <message>
        <source>Community center: %1</source>
        <translation>社区中心：%1</translation>
    </message>
    <message>
        <source>Nothing you do here can be saved.</source>
        <translation>在这里操作的内容都不能保存。</translation>
    </message>
    <message>
        <source>Emergency: %1</source>
        <translation>急救电话：%1</translation>
    </message>
    <message>
        <source>To order a service or ask for help, phone the center or ask a member of staff.</source>
        <translation>需要订服务或找人帮忙，请打电话给社区中心，或请工作人员帮忙。</translation>
    </message>
    <message>
        <source>To order a service or ask for help, phone the center on %1 or ask a member of staff. In an emergency, phone %2.</source>
        <translation>需要订服务或找人帮忙，请打电话给社区中心：%1，或请工作人员帮忙。紧急情况请拨打%2。</translation>
    </message>
    <message>
        <source>The center&apos;s staff have been told that this terminal is not working.</source>
        <translation>社区中心的工作人员已经知道这台机器坏了。</translation>
    </message>
    <message>
        <source>Please tell the center that this terminal is not working.</source>
        <translation>请打电话告诉社区中心：这台机器坏了。</translation>
    </message>
</context>
<context>
    <name>Pager</name>
    <message>
        <source>Previous</source>
        <translation>上一页</translation>
    </message>
    <message>
        <source>Show the part of this screen before this one</source>
        <translation>看这一页前面的内容</translation>
    </message>
    <message>
        <source>More</source>
        <translation>下一页</translation>
    </message>
    <message>
        <source>Show the rest of this screen</source>
        <translation>看这一页后面的内容</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>第%1页，共%2页</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Staff PIN, shown as dots</source>
        <translation>工作人员密码，以圆点显示</translation>
    </message>
    <message>
        <source>Open the staff settings</source>
        <translation>打开工作人员设置</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <source>Staff settings</source>
        <translation>工作人员设置</translation>
    </message>
    <message>
        <source>Staff settings. Please type the staff PIN.</source>
        <translation>工作人员设置。请输入工作人员密码。</translation>
    </message>
    <message>
        <source>Type the staff PIN, then OK.</source>
        <translation>输入工作人员密码，再点确定。</translation>
    </message>
    <message>
        <source>The PIN could not be checked. Please try again; details are in the log.</source>
        <translation>密码无法核对。请再试一次；详情见日志。</translation>
    </message>
    <message>
        <source>No staff PIN is set on this kiosk. Set one at the kiosk&apos;s console with: python main.py --set-admin-pin</source>
        <translation>本机没有设置工作人员密码。请在本机的命令行设置：python main.py --set-admin-pin</translation>
    </message>
    <message>
        <source>Too many wrong PINs. The staff settings are locked until %1 (%2 min).</source>
        <translation>密码错误次数太多。工作人员设置已锁定到%1（%2分钟）。</translation>
    </message>
    <message>
        <source>Wrong PIN. %1 tries left.</source>
        <translation>密码不对。再错%1次将被锁定。</translation>
    </message>
</context>
<context>
    <name>PracticeDoneScreen</name>
    <message>
        <source>Practice done</source>
        <translation>练习做完了</translation>
    </message>
    <message>
        <source>You did every step yourself, without a hint. You have mastered it!</source>
        <translation>每一步都是您自己做对的，没用提示。这课您学会了！</translation>
    </message>
    <message>
        <source>Well done, you finished the practice.</source>
        <translation>真好，练习做完了。</translation>
    </message>
    <message>
        <source>Next time, try it without a hint.</source>
        <translation>下次试试不看提示也做对。</translation>
    </message>
    <message>
        <source>This could not be saved on this kiosk.</source>
        <translation>这次没能记在这台机器上。</translation>
    </message>
    <message>
        <source>Practise again</source>
        <translation>再练一次</translation>
    </message>
    <message>
        <source>Try the practice once more</source>
        <translation>把练习再做一次</translation>
    </message>
    <message>
        <source>Other lessons</source>
        <translation>学别的课</translation>
    </message>
    <message>
        <source>Back to the list of lessons</source>
        <translation>回到课程列表</translation>
    </message>
</context>
<context>
    <name>PracticeScreen</name>
    <message>
        <source>Practice: no real money moves.</source>
        <translation>练习，不会真的付钱。</translation>
    </message>
    <message>
        <source>Practice: no real booking.</source>
        <translation>练习，不会真的挂号。</translation>
    </message>
    <message>
        <source>Practice: not a real call.</source>
        <translation>练习，不是真的电话。</translation>
    </message>
    <message>
        <source>Practice: nothing real happens.</source>
        <translation>练习，什么都不会真的发生。</translation>
    </message>
    <message>
        <source>Here</source>
        <translation>在这里</translation>
    </message>
    <message>
        <source>Practice phone screen</source>
        <translation>练习用的手机画面</translation>
    </message>
    <message>
        <source>Practice %1 of %2</source>
        <translation>练习第%1步，共%2步</translation>
    </message>
    <message>
        <source>Right! Now the next one.</source>
        <translation>对了！接着做下一步。</translation>
    </message>
    <message>
        <source>Right!</source>
        <translation>对了！</translation>
    </message>
    <message>
        <source>Not there yet. Have another look, take your time.</source>
        <translation>还不是这里。再找找看，不着急。</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <source>Measure again</source>
        <translation>再量一次</translation>
    </message>
    <message>
        <source>Measure this reading once more</source>
        <translation>再量一次</translation>
    </message>
    <message>
        <source>My readings</source>
        <translation>我的记录</translation>
    </message>
    <message>
        <source>See your readings of the last days</source>
        <translation>看看近几天的记录</translation>
    </message>
    <message>
        <source>Not measured well</source>
        <translation>没有量好</translation>
    </message>
    <message>
        <source>Your reading</source>
        <translation>您的读数</translation>
    </message>
    <message>
        <source>This reading is only shown: it is not kept or sent, because you have not agreed that the center keeps your readings. You can agree on the Health screen.</source>
        <translation>这次结果只显示，不保存也不发送，因为您还没有同意中心保存测量结果。您可以在健康页面同意。</translation>
    </message>
    <message>
        <source>This reading was not kept. Please measure again.</source>
        <translation>这次的读数没有保存。请再量一次。</translation>
    </message>
</context>
<context>
    <name>SessionEndedScreen</name>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Back to the start</source>
        <translation>回到首页</translation>
    </message>
    <message>
        <source>The session has ended. Thank you!</source>
        <translation>课程结束了，谢谢您！</translation>
    </message>
    <message>
        <source>%1 elders took part; %2 hours for your time bank.</source>
        <translation>%1 位老人参加；您的时间银行记 %2 小时。</translation>
    </message>
    <message>
        <source>Saved on this kiosk; it is sent to the center.</source>
        <translation>已保存在这台机器上，正在发给服务中心。</translation>
    </message>
    <message>
        <source>Session ended</source>
        <translation>课程结束</translation>
    </message>
</context>
<context>
    <name>SessionLessonScreen</name>
    <message>
        <source>Start a group session of this lesson</source>
        <translation>用这一课开始小组课</translation>
    </message>
    <message>
        <source>Hello %1. Which lesson will the group do?</source>
        <translation>%1，您好。这次小组学哪一课？</translation>
    </message>
    <message>
        <source>Choose the lesson</source>
        <translation>选择课程</translation>
    </message>
    <message>
        <source>The session could not be saved on this kiosk. Please tell staff.</source>
        <translation>课程没能保存在这台机器上，请告诉工作人员。</translation>
    </message>
</context>
<context>
    <name>SessionMarksScreen</name>
    <message>
        <source>Mark each elder, then end the session.</source>
        <translation>请评定每位老人，然后结束课程。</translation>
    </message>
    <message>
        <source>Managed</source>
        <translation>学会了</translation>
    </message>
    <message>
        <source>This elder did the steps</source>
        <translation>这位老人会做了</translation>
    </message>
    <message>
        <source>Needs practice</source>
        <translation>还要练习</translation>
    </message>
    <message>
        <source>This elder needs more practice</source>
        <translation>这位老人还需要多练习</translation>
    </message>
    <message>
        <source>End the session</source>
        <translation>结束课程</translation>
    </message>
    <message>
        <source>Save the marks and the volunteer&apos;s hours</source>
        <translation>保存评定和志愿者的服务时长</translation>
    </message>
    <message>
        <source>%1: managed</source>
        <translation>%1：学会了</translation>
    </message>
    <message>
        <source>%1: needs more practice</source>
        <translation>%1：还要多练习</translation>
    </message>
    <message>
        <source>%1: not marked yet</source>
        <translation>%1：还没评定</translation>
    </message>
    <message>
        <source>Marks</source>
        <translation>评定</translation>
    </message>
    <message>
        <source>This could not be saved on this kiosk. Please try again.</source>
        <translation>没能保存在这台机器上，请再试一次。</translation>
    </message>
</context>
<context>
    <name>SignInPart</name>
    <message>
        <source>You have been signed out. Goodbye.</source>
        <translation>已退出登录，再见。</translation>
    </message>
</context>
<context>
    <name>SignInScreen</name>
    <message>
        <source>Hold your service card to the reader, or type its number.</source>
        <translation>请把服务卡放到读卡器上，或者输入卡号。</translation>
    </message>
    <message>
        <source>Ask staff for help</source>
        <translation>请工作人员帮忙</translation>
    </message>
    <message>
        <source>Call a member of staff to this kiosk</source>
        <translation>请工作人员到这台机器前来</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>刷卡登录</translation>
    </message>
    <message>
        <source>Please sign in. Hold your service card to the reader, or type its number.</source>
        <translation>请登录。把服务卡放到读卡器上，或者输入卡号。</translation>
    </message>
    <message>
        <source>This card is not known here. Please try again, or ask staff for help.</source>
        <translation>没有找到这张卡。请再试一次，或者请工作人员帮忙。</translation>
    </message>
    <message>
        <source>Welcome, %1.</source>
        <translation>欢迎您，%1。</translation>
    </message>
    <message>
        <source>That is not a card number. Please try again.</source>
        <translation>这不是卡号，请再试一次。</translation>
    </message>
    <message>
        <source>Staff have been asked to come. Please wait here.</source>
        <translation>已经通知工作人员，请在这里稍等。</translation>
    </message>
</context>
<context>
    <name>SosCallScreen</name>
    <message>
        <source>A staff member</source>
        <translation>一位工作人员</translation>
    </message>
    <message>
        <source>No one at the center has answered yet.</source>
        <translation>服务中心还没有人接手。</translation>
    </message>
    <message>
        <source>The center has not received your call yet.</source>
        <translation>服务中心还没有收到您的呼叫。</translation>
    </message>
    <message>
        <source>Community center: %1</source>
        <translation>社区中心：%1</translation>
    </message>
    <message>
        <source>Ambulance: %1</source>
        <translation>急救电话：%1</translation>
    </message>
    <message>
        <source>Stay where you are. If you can, unlock the door.</source>
        <translation>请留在原地。如果可以，请把门锁打开。</translation>
    </message>
    <message>
        <source>The center knows you are fine.</source>
        <translation>服务中心已经知道您没事。</translation>
    </message>
    <message>
        <source>Telling the center...</source>
        <translation>正在告诉服务中心……</translation>
    </message>
    <message>
        <source>You said you are fine.</source>
        <translation>您说您没事。</translation>
    </message>
    <message>
        <source>%1 is on the way.</source>
        <translation>%1 正在赶来。</translation>
    </message>
    <message>
        <source>%1 is phoning you.</source>
        <translation>%1 正在给您打电话。</translation>
    </message>
    <message>
        <source>%1 is coming to this kiosk.</source>
        <translation>%1 正在来这台机器这里。</translation>
    </message>
    <message>
        <source>%1 has taken your call.</source>
        <translation>%1 已经接手您的呼叫。</translation>
    </message>
    <message>
        <source>The center has alerted all of its staff.</source>
        <translation>服务中心已经通知了所有工作人员。</translation>
    </message>
    <message>
        <source>This kiosk keeps waiting for an answer.</source>
        <translation>本机会一直等待回复。</translation>
    </message>
    <message>
        <source>Phone now:</source>
        <translation>请马上打电话：</translation>
    </message>
    <message>
        <source>This kiosk keeps trying to reach the center.</source>
        <translation>本机会一直尝试联系服务中心。</translation>
    </message>
    <message>
        <source>The center has alerted all of its staff again.</source>
        <translation>服务中心已经再次通知了所有工作人员。</translation>
    </message>
    <message>
        <source>The center has your call.</source>
        <translation>服务中心已经收到您的呼叫。</translation>
    </message>
    <message>
        <source>This kiosk cannot show who answers. If you can, phone the center.</source>
        <translation>本机无法显示谁来接手。如果可以，请打电话给服务中心。</translation>
    </message>
    <message>
        <source>Waiting for a staff member to answer.</source>
        <translation>正在等工作人员接手。</translation>
    </message>
    <message>
        <source>Calling the center...</source>
        <translation>正在呼叫服务中心……</translation>
    </message>
    <message>
        <source>This kiosk cannot save right now, so your call goes straight to the center.</source>
        <translation>本机现在无法保存，所以您的呼叫直接发给服务中心。</translation>
    </message>
    <message>
        <source>Your call is saved on this kiosk and being sent.</source>
        <translation>您的呼叫已保存在本机，正在发送。</translation>
    </message>
    <message>
        <source>I am fine, cancel the call</source>
        <translation>我没事，取消呼叫</translation>
    </message>
    <message>
        <source>Tell the center this was a false alarm</source>
        <translation>告诉服务中心这是误按</translation>
    </message>
    <message>
        <source>Emergency call</source>
        <translation>紧急求助</translation>
    </message>
</context>
<context>
    <name>SosCancelledScreen</name>
    <message>
        <source>Cancelled. No call for help was made.</source>
        <translation>已取消，没有发出求助。</translation>
    </message>
    <message>
        <source>If you need help after all, press SOS.</source>
        <translation>如果还需要帮助，请再按紧急求助。</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>好的</translation>
    </message>
    <message>
        <source>Call cancelled</source>
        <translation>已取消求助</translation>
    </message>
</context>
<context>
    <name>SosCountdownScreen</name>
    <message>
        <source>Calling for help when the count reaches zero.</source>
        <translation>倒数到零就会呼叫求助。</translation>
    </message>
    <message>
        <source>Cancel, I am fine</source>
        <translation>取消，我没事</translation>
    </message>
    <message>
        <source>Stop the emergency call</source>
        <translation>停止紧急呼叫</translation>
    </message>
    <message>
        <source>Emergency call</source>
        <translation>紧急求助</translation>
    </message>
    <message>
        <source>Calling for help in %1 seconds. Tap Cancel to stop.</source>
        <translation>%1 秒后呼叫求助。点“取消”可以停止。</translation>
    </message>
</context>
<context>
    <name>SosWithdrawScreen</name>
    <message>
        <source>Tell the center you are fine?</source>
        <translation>要告诉服务中心您没事吗？</translation>
    </message>
    <message>
        <source>Help me</source>
        <translation>我需要帮助</translation>
    </message>
    <message>
        <source>Yes, I&apos;m fine</source>
        <translation>是的，我没事</translation>
    </message>
    <message>
        <source>Emergency call</source>
        <translation>紧急求助</translation>
    </message>
</context>
<context>
    <name>SoundScreen</name>
    <message>
        <source>Speech</source>
        <translation>语音播报</translation>
    </message>
    <message>
        <source>Volume: %1 %</source>
        <translation>音量：%1%</translation>
    </message>
    <message>
        <source>Quieter</source>
        <translation>小一点</translation>
    </message>
    <message>
        <source>Speak more quietly</source>
        <translation>说话声音小一点</translation>
    </message>
    <message>
        <source>Louder</source>
        <translation>大一点</translation>
    </message>
    <message>
        <source>Speak more loudly</source>
        <translation>说话声音大一点</translation>
    </message>
    <message>
        <source>Speed: %1 words a minute</source>
        <translation>语速：每分钟%1字</translation>
    </message>
    <message>
        <source>Slower</source>
        <translation>慢一点</translation>
    </message>
    <message>
        <source>Speak more slowly</source>
        <translation>说话慢一点</translation>
    </message>
    <message>
        <source>Faster</source>
        <translation>快一点</translation>
    </message>
    <message>
        <source>Speak faster</source>
        <translation>说话快一点</translation>
    </message>
    <message>
        <source>Voice commands</source>
        <translation>语音操作</translation>
    </message>
    <message>
        <source>Test the speaker</source>
        <translation>测试扬声器</translation>
    </message>
    <message>
        <source>Say a sentence aloud</source>
        <translation>朗读一句话</translation>
    </message>
    <message>
        <source>Test the microphone</source>
        <translation>测试麦克风</translation>
    </message>
    <message>
        <source>Record three seconds, show how loud, and play it back</source>
        <translation>录音三秒，显示音量，再播放出来</translation>
    </message>
    <message>
        <source>Sound and voice</source>
        <translation>声音和语音</translation>
    </message>
    <message>
        <source>Speech is off: turn it on to hear the test.</source>
        <translation>语音播报已关闭：打开后才能听到测试。</translation>
    </message>
    <message>
        <source>This is the speaker test. If you can hear this sentence, the speaker works.</source>
        <translation>这是扬声器测试。能听到这句话，扬声器就是好的。</translation>
    </message>
    <message>
        <source>Speaking a test sentence now. If nothing is heard, check the speaker.</source>
        <translation>正在朗读测试句。如果听不到，请检查扬声器。</translation>
    </message>
    <message>
        <source>Recording for three seconds: please speak now.</source>
        <translation>录音三秒：请现在说话。</translation>
    </message>
    <message>
        <source>The microphone could not be used. Check that it is plugged in. (%1)</source>
        <translation>麦克风无法使用。请检查是否插好。（%1）</translation>
    </message>
    <message>
        <source>silence</source>
        <translation>无声</translation>
    </message>
    <message>
        <source>A voice comes through clearly (loudest %1). Playing it back now.</source>
        <translation>声音清楚（最大%1）。现在播放录音。</translation>
    </message>
    <message>
        <source>Heard, but quietly (loudest %1): speak closer or check the level.</source>
        <translation>能听到，但声音小（最大%1）：请靠近说话或检查音量。</translation>
    </message>
    <message>
        <source>Nothing was heard (%1). Check the microphone and its cable.</source>
        <translation>没有听到声音（%1）。请检查麦克风和连线。</translation>
    </message>
    <message>
        <source>The recording could not be played back (%1).</source>
        <translation>录音无法播放（%1）。</translation>
    </message>
</context>
<context>
    <name>StaffMenuScreen</name>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Sending to the center, and enrolling this kiosk</source>
        <translation>向中心发送的情况，以及注册本机</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>声音和语音</translation>
    </message>
    <message>
        <source>Speech, volume, speaking rate; test the speaker and microphone</source>
        <translation>语音播报、音量、语速；测试扬声器和麦克风</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>字体大小</translation>
    </message>
    <message>
        <source>How large the words are on every screen</source>
        <translation>每个页面上文字的大小</translation>
    </message>
    <message>
        <source>Time limits</source>
        <translation>等待时间</translation>
    </message>
    <message>
        <source>Close kiosk</source>
        <translation>退出自助机模式</translation>
    </message>
    <message>
        <source>Sign-out time and the SOS countdown</source>
        <translation>自动退出时间和求助倒计时</translation>
    </message>
    <message>
        <source>Close the kiosk program for maintenance</source>
        <translation>关闭自助机程序以便维护</translation>
    </message>
    <message>
        <source>Staff settings</source>
        <translation>工作人员设置</translation>
    </message>
</context>
<context>
    <name>SyncStatus</name>
    <message>
        <source>Nothing can be saved here. The center was told.</source>
        <translation>本机现在不能保存，已经通知社区中心。</translation>
    </message>
    <message>
        <source>Nothing can be saved here. Please tell staff.</source>
        <translation>本机现在不能保存，请告诉工作人员。</translation>
    </message>
    <message>
        <source>Not connected to the center. Please tell staff.</source>
        <translation>没有连上社区中心，请告诉工作人员。</translation>
    </message>
    <message>
        <source>This terminal is switched off at the center. Please tell staff.</source>
        <translation>本机已被社区中心停用，请告诉工作人员。</translation>
    </message>
    <message>
        <source>All sent</source>
        <translation>全部已发送</translation>
    </message>
    <message>
        <source>Offline since %1</source>
        <translation>自 %1 起网络断开</translation>
    </message>
    <message>
        <source>%1 waiting to send</source>
        <translation>%1 条等待发送</translation>
    </message>
    <message>
        <source>%1 not accepted, staff will check</source>
        <translation>%1 条未被接收，工作人员会查看</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
</context>
<context>
    <name>TextSizeScreen</name>
    <message>
        <source>Text size: %1 %</source>
        <translation>字体大小：%1%</translation>
    </message>
    <message>
        <source>Smaller</source>
        <translation>小一点</translation>
    </message>
    <message>
        <source>Make the words smaller</source>
        <translation>把字变小</translation>
    </message>
    <message>
        <source>Larger</source>
        <translation>大一点</translation>
    </message>
    <message>
        <source>Make the words larger</source>
        <translation>把字变大</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>字体大小</translation>
    </message>
</context>
<context>
    <name>TimesScreen</name>
    <message>
        <source>Sign-out time: %1 seconds</source>
        <translation>无操作%1秒后自动退出</translation>
    </message>
    <message>
        <source>Sooner</source>
        <translation>早一点</translation>
    </message>
    <message>
        <source>Sign residents out sooner</source>
        <translation>更早自动退出</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>晚一点</translation>
    </message>
    <message>
        <source>Sign residents out later</source>
        <translation>更晚自动退出</translation>
    </message>
    <message>
        <source>SOS countdown: %1 seconds</source>
        <translation>求助倒计时：%1秒</translation>
    </message>
    <message>
        <source>Shorter</source>
        <translation>短一点</translation>
    </message>
    <message>
        <source>Make the SOS countdown shorter</source>
        <translation>缩短求助倒计时</translation>
    </message>
    <message>
        <source>Longer</source>
        <translation>长一点</translation>
    </message>
    <message>
        <source>Make the SOS countdown longer</source>
        <translation>延长求助倒计时</translation>
    </message>
    <message>
        <source>Time limits</source>
        <translation>等待时间</translation>
    </message>
</context>
<context>
    <name>TypeKindScreen</name>
    <message>
        <source>Which reading?</source>
        <translation>输入哪一项？</translation>
    </message>
    <message>
        <source>Type in a reading</source>
        <translation>输入读数</translation>
    </message>
</context>
<context>
    <name>TypeValueScreen</name>
    <message>
        <source>Type the %1, in %2.</source>
        <translation>请输入%1，单位是%2。</translation>
    </message>
    <message>
        <source>Skip this number</source>
        <translation>跳过这一项</translation>
    </message>
    <message>
        <source>Go on without this number</source>
        <translation>不填这一项，继续</translation>
    </message>
</context>
<context>
    <name>ValuePad</name>
    <message>
        <source>The number typed so far</source>
        <translation>已经输入的数字</translation>
    </message>
    <message>
        <source>Use this number</source>
        <translation>用这个数字</translation>
    </message>
    <message>
        <source>Type a decimal point</source>
        <translation>输入小数点</translation>
    </message>
</context>
<context>
    <name>VoiceController</name>
    <message>
        <source>Voice commands are switched off on this kiosk. Please tap.</source>
        <translation>这台机器没有开语音功能。请用手点。</translation>
    </message>
    <message>
        <source>Voice is not installed on this kiosk. Please tap the screen, or ask staff to install voice.</source>
        <translation>这台机器还没有安装语音。请用手点屏幕，或请工作人员安装语音。</translation>
    </message>
    <message>
        <source>Voice does not work at the moment. Please tap the screen.</source>
        <translation>语音现在用不了。请用手点屏幕。</translation>
    </message>
    <message>
        <source>Getting ready to listen ...</source>
        <translation>正在准备听您说……</translation>
    </message>
    <message>
        <source>Listening ... please speak now.</source>
        <translation>正在听……请现在说。</translation>
    </message>
    <message>
        <source>I hear: “%1”</source>
        <translation>听到：“%1”</translation>
    </message>
    <message>
        <source>I did not hear anything. Press Speak and talk, or tap the screen.</source>
        <translation>没有听到声音。请按“说话”再说，或者用手点屏幕。</translation>
    </message>
    <message>
        <source>The microphone does not work. Please tap the screen.</source>
        <translation>话筒不能用。请用手点屏幕。</translation>
    </message>
    <message>
        <source>Voice is not installed on this kiosk.</source>
        <translation>这台机器还没有安装语音。</translation>
    </message>
    <message>
        <source>You said: “%1”</source>
        <translation>您说的是：“%1”</translation>
    </message>
    <message>
        <source>Sorry, I did not understand. Please say it again or tap.</source>
        <translation>对不起，没听明白。请再说一遍，或者用手点。</translation>
    </message>
    <message>
        <source>I heard “%1”. %2</source>
        <translation>听到“%1”。%2</translation>
    </message>
</context>
<context>
    <name>VolunteerNamesScreen</name>
    <message>
        <source>Sign in as this volunteer</source>
        <translation>以这位志愿者的身份登录</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>再试一次</translation>
    </message>
    <message>
        <source>Ask the center again</source>
        <translation>再问一次服务中心</translation>
    </message>
    <message>
        <source>Asking the center for its volunteers…</source>
        <translation>正在向服务中心查询志愿者……</translation>
    </message>
    <message>
        <source>A group lesson needs the center, and this kiosk cannot reach it now. Please try again later, or tell staff.</source>
        <translation>小组课需要连上服务中心，这台机器现在连不上。请稍后再试，或告诉工作人员。</translation>
    </message>
    <message>
        <source>No volunteer can sign in here yet. A volunteer sets a kiosk PIN in the center&apos;s console first.</source>
        <translation>还没有志愿者能在这里登录。志愿者要先在服务中心的管理页面设置一体机密码。</translation>
    </message>
    <message>
        <source>Which volunteer are you?</source>
        <translation>您是哪位志愿者？</translation>
    </message>
    <message>
        <source>Group lesson</source>
        <translation>小组课</translation>
    </message>
</context>
<context>
    <name>VolunteerPinScreen</name>
    <message>
        <source>Kiosk PIN, shown as dots</source>
        <translation>一体机密码，显示为圆点</translation>
    </message>
    <message>
        <source>Sign in as a volunteer</source>
        <translation>以志愿者身份登录</translation>
    </message>
    <message>
        <source>%1, please type your kiosk PIN, then OK.</source>
        <translation>%1，请输入您的一体机密码，再按确定。</translation>
    </message>
    <message>
        <source>Volunteer sign-in</source>
        <translation>志愿者登录</translation>
    </message>
    <message>
        <source>Checking with the center…</source>
        <translation>正在向服务中心核对……</translation>
    </message>
    <message>
        <source>That PIN is not right. Please type it again.</source>
        <translation>密码不对，请再输一次。</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Please try again in %1 min.</source>
        <translation>密码错的次数太多了，请 %1 分钟后再试。</translation>
    </message>
    <message>
        <source>This account is not a volunteer&apos;s. Please ask an administrator.</source>
        <translation>这个账号不是志愿者账号，请问管理员。</translation>
    </message>
    <message>
        <source>This account is switched off. Please ask an administrator.</source>
        <translation>这个账号已停用，请问管理员。</translation>
    </message>
    <message>
        <source>The center does not accept this kiosk now. Please tell staff.</source>
        <translation>服务中心现在不接受这台机器，请告诉工作人员。</translation>
    </message>
    <message>
        <source>A group lesson needs the center, and this kiosk cannot reach it now. Please try again later.</source>
        <translation>小组课需要连上服务中心，这台机器现在连不上。请稍后再试。</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>. </source>
        <translation>。</translation>
    </message>
    <message>
        <source>Free of charge</source>
        <translation>免费</translation>
    </message>
    <message>
        <source>%1 after your subsidy (full price %2)</source>
        <translation>补贴后 %1（原价 %2）</translation>
    </message>
    <message>
        <source>%1, full price</source>
        <translation>%1（全价）</translation>
    </message>
    <message>
        <source>The kiosk was busy and did not save this. Please tap again in a moment.</source>
        <translation>机器正忙，这次没有保存。请稍等一下再点一次。</translation>
    </message>
    <message>
        <source>The kiosk&apos;s storage is full, so this was not saved. Please ask staff for help, or phone the center: %1.</source>
        <translation>机器的存储空间满了，这次没有保存。请工作人员帮忙，或打社区中心电话：%1。</translation>
    </message>
    <message>
        <source>The kiosk could not save this. Please ask staff for help, or phone the center: %1.</source>
        <translation>机器没能保存。请工作人员帮忙，或打社区中心电话：%1。</translation>
    </message>
    <message>
        <source>%1 · order by %2</source>
        <translation>%1 · %2前可订</translation>
    </message>
    <message>
        <source>%1 · closed at %2</source>
        <translation>%1 · %2已截止</translation>
    </message>
    <message>
        <source>%1 · not offered today</source>
        <translation>%1 · 今天不提供</translation>
    </message>
    <message>
        <source>Too late to order %1. Please choose another.</source>
        <translation>%1已经截止，请选别的。</translation>
    </message>
    <message>
        <source>order by %1</source>
        <translation>%1前可订</translation>
    </message>
    <message>
        <source>Can be ordered today until %1.</source>
        <translation>今天%1前可订。</translation>
    </message>
    <message>
        <source>%1 is not offered today. It can be ordered on: %2.</source>
        <translation>%1今天不提供。可以订的日子：%2。</translation>
    </message>
    <message>
        <source>%1 can be ordered until %2 each day. It is too late today: please order it tomorrow.</source>
        <translation>%1每天%2前可订，今天已经截止。请明天再订。</translation>
    </message>
    <message>
        <source>%1 is not offered today. Nothing was ordered; please choose another.</source>
        <translation>%1今天不提供，没有下单。请选别的。</translation>
    </message>
    <message>
        <source>Too late for %1: it could be ordered until %2. Nothing was ordered; please choose another.</source>
        <translation>%1已经截止（%2前可订），没有下单。请选别的。</translation>
    </message>
</context>
</TS>
