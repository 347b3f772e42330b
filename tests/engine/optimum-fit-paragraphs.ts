// Paragraphs for the optimum-fit tests: Chinese prose of the kind a people's-congress monthly prints,
// mixing English words and phrases, abbreviations, digits with units, percentages, quotes, book
// titles, handles, e-mail addresses and URLs. Written for this project's tests (no third-party
// text); the names in them are in the kept-names list of the tests.

export const NAMES = ['李明华', '王建中', '张晓雯', '陈思远'];

export const PARAGRAPHS: readonly string[] = [
  '2025年，全市GDP达到5.2万亿元，同比增长5.2%，其中数字经济核心产业增加值占比提高到18.7%。市人大常委会在审议《关于国民经济和社会发展计划执行情况的报告》时指出，要把“AI+”行动落到实处，推动5G、IoT和Big Data在城市治理中的应用。',
  '代表们通过微信公众号“@北京人大”和网站https://www.bjrd.gov.cn/dbgz/了解履职动态，也可以发送邮件至daibiao@bjrd.gov.cn反映意见。截至12月31日，平台共收到群众留言3,856条，办结率达到97.4%。',
  '在“一带一路”国际合作高峰论坛上，来自150多个国家的代表围绕“Connectivity for Shared Development”这一主题展开讨论。李明华委员说：“开放合作、互利共赢，是我们在新时代的共同选择。”',
  '调研组先后走访了中关村科学城、未来科学城和怀柔科学城，听取了关于CAR-T细胞治疗、mRNA疫苗和量子计算的汇报。王建中代表建议，设立规模为100亿元的天使投资引导基金，并对首次申请PCT国际专利的中小企业给予每件不超过5万元的资助。',
  '根据《北京市数据条例（草案）》第三十二条的规定，公共数据应当“以共享为原则、不共享为例外”。草案同时明确了API接口开放、数据沙箱和“可用不可见”等技术路径，与欧盟GDPR以及美国CCPA的相关条款有所不同。',
  '今年春天，张晓雯代表带着OLED显示屏生产线的改造方案来到亦庄。她告诉记者：“我们的良品率从82.5%提高到了96.3%，每平方米的能耗下降了约三分之一。”这条生产线每年可为京津冀地区提供超过1200个就业岗位。',
  '座谈会上，陈思远委员援引了联合国《2030年可持续发展议程》（Transforming our World: the 2030 Agenda for Sustainable Development）中的目标11，即“建设包容、安全、有抵御灾害能力和可持续的城市和人类住区”。',
  '市民可以拨打12345市民服务热线，或者在“京通”小程序中点击“接诉即办”栏目提交诉求；英文服务请访问https://english.beijing.gov.cn，工作时间为每周一至周五9:00—17:00。',
  '报告显示，全市新能源汽车保有量突破80万辆，公共充电桩达到12.8万个，较2020年增长了2.6倍。在北京经济技术开发区，Level 4级别的自动驾驶出租车已经累计行驶超过3000万公里，服务乘客逾百万人次。',
  '“我们不仅要讲好中国故事，也要让世界听得懂。”在面向海外青年的Open Day活动中，讲解员用英语介绍了人民代表大会制度：The National People\'s Congress is the highest organ of state power。',
  '会议审议通过了关于修改《北京市大气污染防治条例》的决定。修改后的条例规定，PM2.5年均浓度应当控制在30微克/立方米以下，对超标排放的企业可以按日连续处罚，罚款上限提高到100万元。',
  '“十四五”期间，全市累计建设筹集保障性租赁住房40万套（间），其中约60%位于轨道交通站点周边800米范围内。代表们建议，在TOD（Transit-Oriented Development）项目中同步配建托育、养老和社区食堂等设施。',
  '在第3次集中视察中，代表们乘坐地铁19号线抵达新宫站，实地查看了“一站式”换乘改造工程。据介绍，改造后的换乘距离由原来的480米缩短为120米，高峰时段每小时可通行乘客4.5万人次。',
  '为做好外籍人士服务，相关部门编印了《Beijing Handbook for Foreign Residents》，内容涵盖签证办理、医疗保险、子女入学和税务登记等事项，电子版可在www.ebeijing.gov.cn下载，并提供英、法、日、韩、俄等5种语言版本。',
  '专家指出，生成式人工智能（Generative AI）的快速发展，对个人信息保护、著作权归属和算法透明度提出了新的挑战。立法工作要坚持“小切口”“快立法”，在《中华人民共和国个人信息保护法》的框架内细化地方规则。',
  '据统计，2024年全市共接待入境游客396.7万人次，同比增长178.2%；144小时过境免签政策实施以来，已有来自54个国家的旅客通过首都国际机场和大兴国际机场入境。#北京欢迎你#话题的阅读量超过2.3亿次。',
];

/** Measures in em: four columns, three columns, two columns of the sample's type area, and a 20 em sidebar. */
export const MEASURES: readonly number[] = [12, 17, 20, 25];
