"""The built-in scoring templates, as complete as the seeds go, in the seeds' own wording (docs/rules.md §7).

Plain data (no models): the migration stars 0001_initial and ``ensure_builtin_templates`` load it. A rule is
(method, wording, points, extras); extras may hold own_points, required, tiers, checklist, max_points, source.
Where a seed gives no number (seed 004 splits no points; seed 002 names no points for a missing meeting
record) the number is a template default, said so in ``source``; staff change it in a copy.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

D = Decimal

S000 = "seed 000 附件2 乡镇党委分类定级参考标准"
S002A = "seed 002 乡镇党建工作考评实施细则"
S002B = "seed 002 基层党委组织工作目标管理考核细则"
S002C = "seed 002 组织工作目标管理考核办法"
S002V = "seed 002 乡镇农村基层组织建设考评细则"
S004 = "seed 004 二、星级评定; 一、创评标准"

TEMPLATES: list[dict[str, Any]] = [
    {
        "key": "seed000_township",
        "name": "乡镇党委分类定级参考标准",
        "domain": "township",
        "source": S000,
        "notes": "种子000附件2原文在“保障机制(10分) (1)“一定”处中断：其后的评分要点、评分办法及其余项目缺失，待县委组织部补全。“扣完为止”对本表为默认规则。",
        "sections": [
            ("党组织带头人", D(15), "deduct",
             "(1)党委书记公推直选及任期内调整情况；(2)党委书记“一好四强”情况；(3)党委书记抓班子带队伍，领导班子团结协作情况；(4)党委书记引领科学发展情况；(5)党委书记按照中央和上级党委安排部署，推进农村各项改革情况；(6)党委书记深入基层促进农村和谐稳定情况；(7)党委书记解决民生问题情况；(8)党委书记履行党建工作第一责任人职责情况；(9)党委履行履职目标承诺和完不成目标辞职承诺的“双诺”制情况；(10)党委书记带头执行党风廉政责任制，班子成员党风廉政建设情况；(11)乡镇党委书记民主评议情况。",
             [("flat_penalty", "因决策失误、处置不当等原因引发重大影响事件的扣5分", D(5), {}),
              ("flat_penalty", "近两年出现班子成员违法违纪的扣5分", D(5), {}),
              ("discretionary", "其他指标酌情扣分", D(0), {})]),
            ("工作思路", D(15), "deduct",
             "(1)党代会报告指导未来5年发展规划情况；(2)加强党委自身建设、村“两委”领导班子建设和抓好党员、干部、人才队伍建设规划；(3)促进城乡统筹发展，拓宽农民致富渠道，加快新农村建设规划；(4)加强和改进新时期群众工作规划；(5)发展农村公共事业，及时解决群众关注的民生问题和生产生活中的实际困难规划。",
             [("per_failure", "每一项未制定或未落实的扣2分", D(2), {})]),
            ("工作制度", D(10), "deduct",
             "(1)13个公推直选配套制度落实情况；(2)深入学习推广“文建明工作法”情况；(3)对照“文建明工作法”的主要内容，健全乡镇党委科学运行机制情况；(4)党员旁听乡镇党委会议、党务公开等制度落实情况和“四议两公开一监督”工作法推行情况。",
             [("per_failure", "每一项未制定或未落实的扣2分", D(2), {})]),
            ("活动阵地", D(10), "deduct",
             "(1)所辖村(社区)活动场所建设情况；(2)所辖村(社区)远程教育站点建设情况；(3)所辖机关、非公有制经济组织、学校等领域党组织活动场所保障情况；(4)贯彻执行《关于加强乡镇(街道)组织员队伍建设的意见》情况。",
             [("tiered", "村级组织活动场所未全覆盖的扣10分；有活动场所但不足90平方米扣5分", D(0),
               {"tiers": [["活动场所未全覆盖", "10"], ["有活动场所但不足90平方米", "5"]]}),
              ("tiered", "无远程教育站点扣3分、长期闲置的扣5分", D(0),
               {"tiers": [["无远程教育站点", "3"], ["远程教育站点长期闲置", "5"]]}),
              ("discretionary", "其他指标酌情扣分", D(0), {})]),
            ("保障机制", D(10), "deduct",
             "(1)“一定……（种子原文在此中断）",
             [("discretionary", "评分办法原文缺失，暂按酌情扣分", D(0), {"source": "seed 000 原文中断；默认"})]),
        ],
    },
    {
        "key": "seed002_township",
        "name": "乡镇党建工作考评实施细则",
        "domain": "township",
        "source": S002A,
        "notes": "种子002只载有“党委班子自身建设”(10分)和“基层组织建设”(50分)中前三条(17分)的计分标准；其余项目（党员队伍建设35分、党费收缴管理5分等）原文缺失，待补全。",
        "sections": [
            ("党委班子自身建设", D(10), "award", "1、思想政治和制度建设(4分)；2、学习型党委建设(2分)；3、干部作风建设(2分)；4、党管人才工作(2分)。", [
                ("award", "班子分工明确，团结协作", D(0), {"own_points": "1"}),
                ("award", "建立健全党委政府议事规则", D(0), {"own_points": "1"}),
                ("award", "按规定召开班子民主生活会", D(0), {"own_points": "1"}),
                ("award", "党务、政务公开及时，党员群众反映好", D(0), {"own_points": "1"}),
                ("award", "坚持开展党委中心组学习", D(0), {"own_points": "1"}),
                ("award", "各种会议、学习记录齐全", D(0), {"own_points": "0.5"}),
                ("award", "班子成员有读书笔记和调研文章", D(0), {"own_points": "0.5"}),
                ("award", "设立党政班子成员监督岗", D(0), {"own_points": "0.5"}),
                ("award", "坚持干部轮流值班", D(0), {"own_points": "0.5"}),
                ("award", "班子成员能严于律己，无违法乱纪情况发生", D(0), {"own_points": "1"}),
                ("award", "重视人才工作，坚持党委班子成员联系优秀人才制度，落实优秀人才培养、使用和激励等措施", D(0), {"own_points": "1"}),
                ("award", "完善乡镇人才工作服务中心建设，设立了村级人才工作联络员", D(0), {"own_points": "0.5"}),
                ("award", "建立农村实用人才库", D(0), {"own_points": "0.5"}),
            ]),
            ("基层组织建设", D(17), "award", "原文本项共50分；种子002只载有1、落实基层党建工作责任制(10分)；2、党建重点工作项目化管理(5分)；3、调整、优化党组织设置(2分)，共17分，其余细则原文缺失，本项满分按已载明的17分计。", [
                ("award", "建立党委班子成员党建工作联系点，并经常下到点上开展工作", D(0), {"own_points": "1"}),
                ("per_shortfall", "专题研究党建工作不少于4次，并明确年度党建工作要点", D(1), {"own_points": "1", "required": 4, "source": S002A + "；每少一次扣分额为默认"}),
                ("award", "开展乡村两级党组织负责人党建工作“双述双评”活动", D(0), {"own_points": "2"}),
                ("award", "坚持党建带群建，群团组织人员配备到位，制度健全，活动开展正常、有成效", D(0), {"own_points": "2"}),
                ("award", "党建工作有专人负责、有专门经费、有专门办公场所和专用电脑", D(0), {"own_points": "1"}),
                ("award", "党建工作文件资料齐全并装订成册", D(0), {"own_points": "1.5"}),
                ("award", "向上报送材料、表格及时规范", D(0), {"own_points": "1.5"}),
                ("per_shortfall", "结合实际申报8个以上重点项目(2分)，每少一个扣0.5分，扣完为止", D("0.5"), {"own_points": "2", "required": 8}),
                ("award", "打造3个以上精品点", D(0), {"own_points": "2"}),
                ("award", "营造党建工作宣传氛围", D(0), {"own_points": "1"}),
                ("discretionary", "调整、优化党组织设置(2分)（细则原文缺失，酌情扣分）", D(0), {"own_points": "2"}),
            ]),
        ],
    },
    {
        "key": "seed002_committee",
        "name": "基层党委组织工作目标管理考核细则",
        "domain": "township",
        "source": S002B + "；" + S002C,
        "notes": "基础考核(73分)中种子002载有“党建工作责任”和“基层组织建设(镇党委)”；领导班子建设第一至四条取自《组织工作目标管理考核办法》；平时抽查10%、年终考核90%，创新项目每项加5分，80分以下通报批评。",
        "sections": [
            ("党建工作责任", D(8), "award", "", [
                ("award", "有全年党建工作意见", D(0), {"own_points": "1"}),
                ("award", "有各季度重点工作分解", D(0), {"own_points": "1"}),
                ("per_shortfall", "党委全年研究党建工作达4次得1分，少一次扣0.5分", D("0.5"), {"own_points": "1", "required": 4}),
                ("award", "有年度支部目标考核得2分（有考核细则、考核结果等相关台帐）", D(0), {"own_points": "2"}),
                ("per_shortfall", "每两个月召开一次支部书记例会得2分（有会议通知和会议记录），每少一次扣1分", D(1), {"own_points": "2", "required": 6}),
                ("award", "每个党委成员都建立一个党建工作联系点得1分", D(0), {"own_points": "1"}),
            ]),
            ("基层组织建设（镇党委）", D(18), "award", "", [
                ("award", "围绕“五个好”，扎实开展“先锋工程”建设活动：年初有专项实施意见", D(0), {"own_points": "2"}),
                ("award", "年中有活动措施（建立相关台帐）", D(0), {"own_points": "2"}),
                ("award", "年终有专题", D(0), {"own_points": "2"}),
                ("award", "年初党建工作意见中有“双带双扶双争”相关活动内容和工作措施", D(0), {"own_points": "1"}),
                ("award", "“双带双扶双争”有相关台帐", D(0), {"own_points": "1"}),
                ("award", "各类组织健全", D(0), {"own_points": "1"}),
                ("award", "按上级文件精神实行村干部规范化管理", D(0), {"own_points": "1"}),
                ("award", "村级后备干部齐全并建有花名册", D(0), {"own_points": "1"}),
                ("per_subunit", "组织不健全、人员配备缺额，有一个村扣0.5分", D("0.5"), {}),
                ("award", "有适当的党员活动室", D(0), {"own_points": "1"}),
                ("award", "有完备的电教设施", D(0), {"own_points": "1"}),
                ("award", "有规范齐全的组织制度和党员教育管理制度", D(0), {"own_points": "1"}),
                ("award", "每年至少举办一期支委业务培训班", D(0), {"own_points": "1"}),
                ("award", "凡符合条件都建立党组织（暂不具备条件的，选派政治指导员）", D(0), {"own_points": "1"}),
                ("award", "党务干部配备齐全", D(0), {"own_points": "1"}),
                ("award", "实施党、工、团联动", D(0), {"own_points": "1"}),
                ("per_subunit", "应建未建党组织或应派未派指导员少一个扣1分", D(1), {}),
            ]),
            ("领导班子建设（第一至四条）", D(11), "award", "种子002《组织工作目标管理考核办法》领导班子建设(20分)中载有第一至四条（11分）。", [
                ("award", "严格执行党委中心组学习制度，按月组织班子成员学习政治理论", D(0), {"own_points": "1.2"}),
                ("award", "专题学习重要思想6次以上", D(0), {"own_points": "0.6"}),
                ("award", "每名班子成员全年撰写2篇以上理论文章或心得体会", D(0), {"own_points": "1.2"}),
                ("award", "建立党内情况通报制度、情况反映制度和重大决策征求意见制度", D(0), {"own_points": "1.5"}),
                ("award", "涉及重大问题，坚持集体讨论决定", D(0), {"own_points": "1.5"}),
                ("forfeit", "主要领导独断专横，导致决策失误，贻误工作的不得分", D(0), {"own_points": "3"}),
                ("award", "高标准、高质量组织召开一年两次的民主生活会，并认真制定整改方案和个人整改措施", D(0), {"own_points": "1"}),
                ("award", "按时上报民主生活会会议记录、情况通报和党政主要领导发言提纲", D(0), {"own_points": "1"}),
                ("award", "党员领导干部全年参加所在党支部组织生活会5次以上", D(0), {"own_points": "1"}),
                ("award", "认真贯彻执行上级组织的有关决策、决议，确保政令畅通", D(0), {"own_points": "2"}),
            ]),
            ("创新加分", D(0), "award", "年终申报年度创新项目", [
                ("bonus", "经评估认可的创新项目，每项加5分", D(5), {}),
            ]),
        ],
    },
    {
        "key": "seed002_village",
        "name": "乡镇农村基层组织建设考评细则（村、社区）",
        "domain": "village",
        "source": S002V,
        "notes": "软件考评(70分)中种子002载有“村(社区)班子建设(16分)”和“党员队伍建设(18分)”的党员教育管理档案部分；会议次数按“缺一项扣1分”逐次计（默认解读）。",
        "sections": [
            ("村(社区)班子建设", D(16), "award", "", [
                ("checklist", "文件等资料(6分)，缺一项扣1分，扣完为止", D(1), {"own_points": "6", "checklist": [
                    "村(社区)两委成员花名册", "村(社区)党建工作领导组文件", "村(社区)干部分工及包片文件",
                    "村(社区)配套组织花名册", "村(社区)后备干部花名册及培养措施文件",
                    "村(社区)党组织年度学习计划文件及记录(学习笔记)", "村(社区)年度创“五个好党组织”工作计划文件",
                    "村(社区)两委年度工作计划和年终工作总结", "重要决策事项实施情况汇报汇总表",
                    "村(社区)两委成员每半年一次述职报告(文字材料)",
                    "村干部值班制度执行情况(看值班记录表，看工作日志，看请销假记录)", "村(社区)其他各项工作制度",
                    "村(社区)办实事情况资料(文字总结)及集体经济收入情况资料", "“干部群众面对面”活动文件及登记表"]}),
                ("checklist", "会议记录(10分)，缺一项扣1分，扣完为止", D(1), {"own_points": "10", "checklist": [
                    "村(社区)“两委”会议记录、周例会记录", "村(社区)(总)支委会议记录、三会一课",
                    "(总)支委民主生活会及支部组织生活会", "村干部述职测评工作(每半年一次，看会议记录、测评表)"]}),
                ("per_shortfall", "一月召开一次村(社区)(总)支委会（全年12次，缺一次按缺一项扣1分）", D(1), {"required": 12, "source": S002V + "；逐次扣分为默认解读"}),
                ("per_shortfall", "一月一次“干部群众面对面”活动记录（全年12次）", D(1), {"required": 12, "source": S002V + "；逐次扣分为默认解读"}),
                ("per_shortfall", "每季度一次创先争优活动日(党员活动日)会议记录（全年4次）", D(1), {"required": 4, "source": S002V + "；逐次扣分为默认解读"}),
                ("per_shortfall", "每季度一次党员议事会记录（全年4次）", D(1), {"required": 4, "source": S002V + "；逐次扣分为默认解读"}),
                ("per_shortfall", "每季度至少研究一次农组工作会议记录（全年4次）", D(1), {"required": 4, "source": S002V + "；逐次扣分为默认解读"}),
            ]),
            ("党员队伍建设", D(18), "award", "党员教育管理档案(7分)；其余细则原文缺失。", [
                ("checklist", "党员教育管理档案(7分)，缺一项扣1分，扣完为止", D(1), {"own_points": "7", "checklist": [
                    "党支部活动记录簿(三会一课之党员大会、党课，看会议记录)", "党课报告情况记录表等材料",
                    "党员组织生活会(每季度一次，可与党员大会结合，可与党员冬训和民主评议结合)"]}),
                ("per_shortfall", "党员大会每季度召开一次（全年4次）", D(1), {"required": 4, "source": S002V + "；逐次扣分为默认解读"}),
                ("per_shortfall", "村党组织负责同志每季度上党课一次（全年4次）", D(1), {"required": 4, "source": S002V + "；逐次扣分为默认解读"}),
                ("discretionary", "党员队伍建设其余11分（细则原文缺失，酌情扣分）", D(0), {"own_points": "11"}),
            ]),
        ],
    },
    {
        "key": "seed004_fivestar",
        "cutoffs": (D(90), D(80), D(70), D(60)),  # seed 004 二: 90/80/70/60 of this 110-point sheet
        "name": "基层党组织“五星创评”考评表（八项指标）",
        "domain": "school",
        "source": S004,
        "notes": "8项创评指标总分110分（种子004）。种子未将110分分配到各项指标：各项分值为模板设置（默认 15/15/10/15/10/20/15/10），可在副本中修改。各项要求为种子原文，未达到的酌情扣分。一票否决事项取自种子001，与种子004合用属规则集选择。",
        "sections": [
            ("领导班子", D(15), "deduct", "", [
                ("discretionary", "党组织书记政治素质高，党性观念强，要围绕中心工作落实党建工作", D(0), {}),
                ("discretionary", "党组织要抓好党员队伍建设，做好发展党员工作，充分发挥党员的先锋模范带头作用", D(0), {}),
                ("discretionary", "要落实直接联系服务群众制度及民主集中制原则，廉洁自律，公道正派", D(0), {}),
                ("discretionary", "党组织要按期换届，健全班子，按期开展党的活动", D(0), {}),
            ]),
            ("骨干队伍", D(15), "deduct", "", [
                ("discretionary", "要配备好专兼职党务工作人员，加大党员队伍建设及管理，定期开展党员志愿服务", D(0), {}),
                ("discretionary", "组织党员干部到玉龙社区报到，并开展“三进两为”、“四进四联”活动", D(0), {}),
                ("discretionary", "建立健全“三进两为”、“四进四联”工作台帐，依据台帐记录及时有效地解决群众诉求", D(0), {}),
            ]),
            ("活动阵地", D(10), "deduct", "", [
                ("discretionary", "要建好、使用好党员活动场地，完善宣传教育设施，充分发挥党员活动阵地作用", D(0), {}),
            ]),
            ("工作制度", D(15), "deduct", "", [
                ("discretionary", "要落实“三会一课”、民主评议党员、党员党性定期分析、党员激励关怀帮扶等制度", D(0), {}),
                ("discretionary", "要建立定期分析党员队伍思想状况和党组织书记与党员谈心谈话制度，落实好党务公开、实行民主管理制度", D(0), {}),
                ("discretionary", "建立健全党员直接联系服务群众长效机制，建立党组织书记就党建工作向党员群众述职并接受民主评议制度，建立党组织书记列席重要会议、参与重大决策及干部使用工作制度", D(0), {}),
                ("per_failure", "每名领导班子成员每年要参加教育培训不少于40学时（每一人未达到扣1分）", D(1), {"source": S004 + "；扣分额为默认"}),
                ("per_failure", "每名普通党员每年参加教育培训不少于24学时（每一人未达到扣0.5分）", D("0.5"), {"source": S004 + "；扣分额为默认"}),
            ]),
            ("保障机制", D(10), "deduct", "", [
                ("discretionary", "要保障并落实党组织工作经费，教育培训好专兼职党务工作人员，抓好党内激励及关怀工作", D(0), {}),
            ]),
            ("工作业绩", D(20), "deduct", "", [
                ("discretionary", "落实好上级党组织部署的各项工作任务，围绕教学中心工作，履行职责，协助行政人员负责完成好各项工作", D(0), {}),
                ("discretionary", "抓好党组织和党员联系服务群众工作，营造校园文化特色，突出精神文明氛围，充分发挥群团组织作用，以党建带好群建", D(0), {}),
                ("discretionary", "党建及业务工作考核合格，并受到上级表彰", D(0), {}),
            ]),
            ("群众评价", D(15), "deduct", "", [
                ("discretionary", "党组织在党员群众和服务对象测评中的满意度高，党员服务意识强，办事效率高，群众信访及投诉少", D(0), {}),
                ("discretionary", "在党的群众路线教育实践活动中能为群众真实解决实际问题，密切党群干群关系，有广泛的群众基础，反响良好", D(0), {}),
            ]),
            ("党建创新", D(10), "deduct", "", [
                ("discretionary", "以“树标创星争优，共建幸福校园”为党建项目化发展实施项目，通过“树双标”、“创六星”、“争双优”活动，提升师德，净化师风，全面推进学校素质教育发展，着力构建平安、和谐、快乐、文明的幸福校园", D(0), {}),
            ]),
            ("一票否决（四、五星级）", D(0), "deduct", "种子001：四、五星级基层党组织实行一票否决制。", [
                ("veto", "违反计划生育有关规定", D(0), {"source": "seed 001 附件一"}),
                ("veto", "受到上级党委通报批评及以上组织措施", D(0), {"source": "seed 001 附件一"}),
                ("veto", "存在其他不符合条件的情形", D(0), {"source": "seed 001 附件一"}),
            ]),
        ],
    },
]


def create_template(models: Any, spec: dict[str, Any], year: int) -> Any:
    """Create one built-in template from ``spec`` with the given model classes (real or historical)."""
    Template, Section, Rule = models
    template = Template.objects.create(
        name=spec["name"], domain=spec["domain"], year=year, version=1, is_builtin=True, builtin_key=spec["key"],
        source=spec["source"], notes=spec.get("notes", ""), bonus_cap=spec.get("bonus_cap"),
    )
    if spec.get("cutoffs") and "cutoff_5" in {f.name for f in Template._meta.get_fields()}:
        template.cutoff_5, template.cutoff_4, template.cutoff_3, template.cutoff_2 = spec["cutoffs"]
        template.save()
    for s_order, (title, max_points, kind, description, rules) in enumerate(spec["sections"], start=1):
        section = Section.objects.create(template=template, order=s_order, title=title, max_points=max_points,
                                         kind=kind, description=description)
        Rule.objects.bulk_create([
            Rule(section=section, order=r_order, method=method, text=text, points=points,
                 own_points=D(extra["own_points"]) if "own_points" in extra else None,
                 required=extra.get("required"), tiers=extra.get("tiers", []), checklist=extra.get("checklist", []),
                 max_points=D(extra["max_points"]) if "max_points" in extra else None,
                 source=extra.get("source", spec["source"]))
            for r_order, (method, text, points, extra) in enumerate(rules, start=1)
        ])
    return template


def ensure_builtin_templates(models: Any, year: int = 2026) -> None:
    Template = models[0]
    for spec in TEMPLATES:
        if not Template.objects.filter(builtin_key=spec["key"], is_builtin=True).exists():
            create_template(models, spec, year)
