/* The page's fixed words in Chinese and English (the report's own messages come from the
 * server in the language of the check). Loaded before form.js, report.js and app.js. */
"use strict";

const TEXT = {
  zh: {
    title: "离职合规检查",
    subtitle: "按劳动法与公司政策检查离职案件，结案前发现问题并核对结算金额。",
    policy: "政策",
    token: "访问令牌",
    token_help: "服务器启用令牌时填写（仅保存在本页会话中）。",
    tab_form: "填写表单",
    tab_text: "粘贴或上传",
    upload: "上传案件文件（YAML 或 JSON）",
    paste: "案件内容（YAML 或 JSON）",
    as_of: "评估日期（可选）",
    check: "检查",
    checking: "检查中…",
    fill_example: "填入示例",
    clear_form: "清空",
    sec_case: "案件",
    sec_employee: "员工",
    sec_contract: "劳动合同",
    sec_wages: "月工资（解除前 12 个月）",
    sec_termination: "解除或终止",
    sec_settlement: "拟付结算（人民币）",
    sec_steps: "离职手续",
    case_id: "案件编号",
    city: "城市",
    emp_id: "工号",
    emp_name: "姓名",
    birth_date: "出生日期",
    hire_date: "入职日期",
    cumulative_years: "累计工作年限",
    gender: "性别",
    male: "男", female: "女", unset: "—",
    protected: "特殊保护情形",
    contract_type: "合同类型",
    contract_start: "合同开始",
    contract_end: "合同结束（固定期限）",
    probation_end: "试用期结束",
    month: "月份", gross: "应发工资", overtime: "其中加班费",
    add_month: "添加月份", remove: "删除",
    leave_taken: "本年已休年假天数",
    ground: "解除或终止原因",
    initiated_by: "提出方",
    employer: "用人单位", employee: "劳动者",
    notice_date: "书面通知日期",
    notice_in_writing: "书面通知",
    last_working_day: "最后工作日",
    termination_date: "解除或终止日期",
    union_notified_on: "通知工会日期",
    s_economic_compensation: "经济补偿",
    s_notice_pay_in_lieu: "代通知金",
    s_annual_leave_payout: "未休年假工资",
    s_final_wages: "最后工资",
    final_wages_paid_on: "最后工资支付日期",
    certificate_on: "出具解除证明日期",
    transfer_on: "档案和社保转移日期",
    result: "检查结果",
    report_lang_note: "报告正文为检查时的语言；再次检查可获得当前语言的报告。",
    case: "案件", as_of_label: "评估日期", decision: "决定记录",
    earlier_decision: "这是较早的决定记录，记录时间：",
    "verdict.ready": "✓ 可以结案", "verdict.blocked": "✗ 不可结案",
    n_blocking: "{n} 项阻断性问题", n_warnings: "{n} 项警告",
    "severity.blocking": "阻断", "severity.warning": "警告", "severity.info": "提示",
    "status.violation": "违规", "status.incomplete": "数据不全", "status.waived": "已豁免",
    citation: "依据", fields: "相关字段", hint: "处理建议", exposure: "违法解除风险",
    waiver: "豁免", no_findings: "未发现问题。",
    deviations: "政策偏离（已批准）", approved_by: "批准人",
    settlement: "结算", line: "项目", required: "应付", proposed: "拟付",
    shortfall: "差额", due: "支付期限", basis: "计算依据", total: "合计",
    unknown: "无法计算", no_settlement: "无结算项目。",
    print: "打印结算单",
    history: "同一案件的历次决定",
    history_empty: "此案件尚无记录。",
    history_none: "输入案件编号并检查后，这里列出该案件的历次决定。",
    no_log: "服务器未启用决定记录。",
    recorded_at: "记录时间", who: "操作人", verdict: "结论", view: "查看",
    total_required: "应付合计", total_proposed: "拟付合计",
    err_fix: "案件有以下问题，请修改后再检查：",
    err_line: "第 {line} 行，第 {column} 列",
    err_network: "无法连接服务器：",
    err_auth: "需要有效的访问令牌。",
    err_empty: "请先粘贴或上传案件。",
    err_not_in_form: "表单中没有的字段：",
    stmt_title: "离职结算单",
    stmt_employee: "员工", stmt_hire: "入职日期", stmt_termination: "解除或终止日期",
    stmt_ground: "原因", stmt_policy: "政策版本", stmt_digest: "政策摘要",
    stmt_blocked: "注意：本案件尚不可结案（见检查结果），本结算单仅为草稿。",
    stmt_sign_hr: "人力资源部（签字 / 盖章）",
    stmt_sign_employee: "员工签字",
    stmt_sign_date: "日期",
    stmt_generated: "由 offboard-policy 生成",
  },
  en: {
    title: "Offboarding compliance check",
    subtitle: "Check an offboarding case against labour law and company policy before it is " +
      "closed: what is wrong, how to fix it, and what the employee is owed.",
    policy: "Policy",
    token: "Access token",
    token_help: "Needed when the server uses tokens (kept for this tab's session only).",
    tab_form: "Fill a form",
    tab_text: "Paste or upload",
    upload: "Upload a case file (YAML or JSON)",
    paste: "The case (YAML or JSON)",
    as_of: "As of (optional)",
    check: "Check",
    checking: "Checking…",
    fill_example: "Fill in an example",
    clear_form: "Clear",
    sec_case: "Case",
    sec_employee: "Employee",
    sec_contract: "Employment contract",
    sec_wages: "Monthly wages (the 12 months before termination)",
    sec_termination: "Termination",
    sec_settlement: "Proposed settlement (CNY)",
    sec_steps: "Offboarding steps",
    case_id: "Case id",
    city: "City",
    emp_id: "Employee id",
    emp_name: "Name",
    birth_date: "Birth date",
    hire_date: "Hire date",
    cumulative_years: "Years worked (all employers)",
    gender: "Gender",
    male: "male", female: "female", unset: "—",
    protected: "Protected statuses",
    contract_type: "Contract type",
    contract_start: "Contract start",
    contract_end: "Contract end (fixed term)",
    probation_end: "Probation end",
    month: "Month", gross: "Gross wage", overtime: "of which overtime",
    add_month: "Add a month", remove: "Remove",
    leave_taken: "Annual leave taken this year (days)",
    ground: "Ground",
    initiated_by: "Initiated by",
    employer: "employer", employee: "employee",
    notice_date: "Written notice given on",
    notice_in_writing: "Notice in writing",
    last_working_day: "Last working day",
    termination_date: "Termination date",
    union_notified_on: "Union notified on",
    s_economic_compensation: "Economic compensation",
    s_notice_pay_in_lieu: "Pay in lieu of notice",
    s_annual_leave_payout: "Pay for untaken annual leave",
    s_final_wages: "Final wages",
    final_wages_paid_on: "Final wages paid on",
    certificate_on: "Termination certificate issued on",
    transfer_on: "File and social insurance transferred on",
    result: "Result",
    report_lang_note: "The report's messages are in the language of the check; check again " +
      "for a report in this language.",
    case: "Case", as_of_label: "As of", decision: "Decision",
    earlier_decision: "An earlier decision, recorded at ",
    "verdict.ready": "✓ READY", "verdict.blocked": "✗ BLOCKED",
    n_blocking: "{n} blocking finding{s}", n_warnings: "{n} warning{s}",
    "severity.blocking": "Blocking", "severity.warning": "Warnings", "severity.info": "Info",
    "status.violation": "violation", "status.incomplete": "incomplete",
    "status.waived": "waived",
    citation: "Citation", fields: "Fields", hint: "Fix", exposure: "Exposure",
    waiver: "Waiver", no_findings: "No findings.",
    deviations: "Approved deviations of the policy", approved_by: "approved by",
    settlement: "Settlement", line: "Line", required: "Required", proposed: "Proposed",
    shortfall: "Shortfall", due: "Due", basis: "Basis", total: "Total",
    unknown: "unknown", no_settlement: "No settlement lines.",
    print: "Print settlement statement",
    history: "Earlier decisions for this case",
    history_empty: "No decisions recorded for this case yet.",
    history_none: "After a check, the decisions recorded for the case id are listed here.",
    no_log: "This server keeps no decision log.",
    recorded_at: "Recorded at", who: "By", verdict: "Verdict", view: "View",
    total_required: "Total required", total_proposed: "Total proposed",
    err_fix: "The case has these problems; fix them and check again:",
    err_line: "line {line}, column {column}",
    err_network: "Cannot reach the server: ",
    err_auth: "A valid access token is needed.",
    err_empty: "Paste or upload a case first.",
    err_not_in_form: "Fields not on the form: ",
    stmt_title: "Settlement statement",
    stmt_employee: "Employee", stmt_hire: "Hire date", stmt_termination: "Termination date",
    stmt_ground: "Ground", stmt_policy: "Policy", stmt_digest: "Policy digest",
    stmt_blocked: "Note: this case may not be closed yet (see the check); this statement is " +
      "a draft.",
    stmt_sign_hr: "Human resources (signature / seal)",
    stmt_sign_employee: "Employee's signature",
    stmt_sign_date: "Date",
    stmt_generated: "Generated by offboard-policy",
  },
};

/* Choices of the form's selects: value -> [zh, en]. */
const CHOICES = {
  ground: {
    resignation: ["劳动者辞职（第三十七条）", "resignation (Art. 37)"],
    resignation_employer_fault: ["因用人单位过错辞职（第三十八条）",
      "resignation for employer fault (Art. 38)"],
    mutual_agreement_employer_proposed: ["协商解除，单位提出（第三十六条）",
      "mutual agreement, employer proposed (Art. 36)"],
    mutual_agreement_employee_proposed: ["协商解除，劳动者提出（第三十六条）",
      "mutual agreement, employee proposed (Art. 36)"],
    dismissal_for_cause: ["过失性辞退（第三十九条）", "dismissal for cause (Art. 39)"],
    no_fault_illness: ["患病或非因工负伤（第四十条第一项）", "illness (Art. 40(1))"],
    no_fault_incompetence: ["不能胜任工作（第四十条第二项）", "incompetence (Art. 40(2))"],
    no_fault_changed_circumstances: ["客观情况发生重大变化（第四十条第三项）",
      "changed circumstances (Art. 40(3))"],
    layoff: ["经济性裁员（第四十一条）", "layoff (Art. 41)"],
    contract_expiry: ["合同期满（第四十四条第一项）", "contract expiry (Art. 44(1))"],
    retirement: ["退休（第四十四条第二项）", "retirement (Art. 44(2))"],
    death: ["死亡（第四十四条第三项）", "death (Art. 44(3))"],
    employer_closure: ["用人单位关闭（第四十四条）", "employer closure (Art. 44(4)(5))"],
    probation_rejection: ["试用期不符合录用条件（第二十一条）",
      "rejection in probation (Art. 21, 39(1))"],
  },
  contract_type: {
    open_ended: ["无固定期限", "open-ended"],
    fixed_term: ["固定期限", "fixed term"],
    task_based: ["以完成一定工作任务为期限", "task-based"],
    part_time: ["非全日制", "part-time"],
  },
  protected_status: {
    pregnancy: ["孕期", "pregnancy"],
    maternity_leave: ["产期", "maternity leave"],
    nursing_infant: ["哺乳期", "nursing an infant"],
    medical_treatment_period: ["医疗期内", "medical treatment period"],
    work_injury_incapacity: ["工伤丧失劳动能力", "work-injury incapacity"],
    occupational_disease_suspected: ["疑似职业病", "suspected occupational disease"],
    occupational_hazard_no_exit_exam: ["未做离岗职业健康检查", "no exit health exam"],
  },
};

/* Titles of the standard settlement lines (a company's own lines show their id). */
const LINE_TITLES = {
  economic_compensation: ["经济补偿", "Economic compensation"],
  notice_pay_in_lieu: ["代通知金", "Pay in lieu of notice"],
  annual_leave_payout: ["未休年假工资", "Pay for untaken annual leave"],
  non_compete_compensation: ["竞业限制经济补偿（每月）", "Non-compete compensation (monthly)"],
  final_wages: ["最后工资", "Final wages"],
  expiry_notice_damages: ["未提前通知终止的赔偿金", "Late expiry notice damages"],
  double_wages: ["未签劳动合同的二倍工资", "Double wages (no written contract)"],
  medical_subsidy: ["医疗补助费", "Medical subsidy"],
};

let LANG = "zh";

/** The page word `key` in the current language, with {n}/{s}/{line}/{column} filled in. */
function t(key, vars) {
  const table = TEXT[LANG] || TEXT.en;
  let text = key in table ? table[key] : key;
  if (vars) {
    text = text.replace(/\{(\w+)\}/g, (m, name) => {
      if (name === "s") return vars.n === 1 ? "" : "s";
      return name in vars ? String(vars[name]) : m;
    });
  }
  return text;
}

/** A choice's label in the current language, or the value itself. */
function choice(kind, value) {
  const entry = (CHOICES[kind] || {})[value];
  return entry ? entry[LANG === "zh" ? 0 : 1] : value;
}

/** A settlement line's title: the standard title, `<title> (company extra)`, or the id. */
function lineTitle(id) {
  const pick = (pair) => pair[LANG === "zh" ? 0 : 1];
  if (LINE_TITLES[id]) return pick(LINE_TITLES[id]);
  const base = id.replace(/_extra$/, "");
  if (base !== id && LINE_TITLES[base]) {
    return pick(LINE_TITLES[base]) + (LANG === "zh" ? "（公司额外）" : " (company extra)");
  }
  return id;
}
