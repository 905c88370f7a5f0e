import { AimOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Col, Form, type FormInstance, Input, InputNumber, Radio, Row, Select, Space, Spin, Typography } from "antd";
import { useState } from "react";
import { currentPosition } from "../my/geolocation.ts";
import { useNavigate, useParams } from "react-router";
import { errorText } from "../../app/error-messages.ts";
import { applyApiErrorToForm, type FieldName, groupIssues } from "../../app/form-errors.ts";
import { useMe } from "../../app/session.ts";
import { useReference } from "../reference/reference.api.ts";
import { type ClassFormValues, formValuesOf, problemIssues, problemsOf, toClassBody } from "./class-form.ts";
import { levelLabels, modeLabels, organisationOptions, type Problem } from "./class-labels.ts";
import { useClass, useCreateClass, useSubmitClass, useUpdateClass } from "./classes.api.ts";
import { useEvaluators, useInstitution, usePublishedItems, useRosterCandidates } from "./pickers.api.ts";
import { ProblemList } from "./ProblemList.tsx";
import { SessionGenerator } from "./SessionGenerator.tsx";
import { SessionPlanTable } from "./SessionPlanTable.tsx";
import { DateText } from "./TextPickers.tsx";

/** Why the browser gave no position, in words staff can act on. */
const positionRefusal = (e: unknown) =>
  e === 1 ? "浏览器未获准读取位置：请在地址栏允许定位后重试，或手动填写经纬度" : e === "unsupported" ? "此浏览器不支持定位，请手动填写经纬度" : "暂时无法获取位置，请到室外或稍后重试，或手动填写经纬度";

const req = (message: string) => [{ required: true, message }];

/** 开班申请: create or edit a draft (or returned) class, then save or save-and-submit. */
export function ClassFormPage() {
  const { id } = useParams();
  const me = useMe();
  const existing = useClass(id);
  if (id && !existing.data) return existing.isError ? <Alert type="error" showIcon title={errorText(existing.error)} /> : <Spin />;
  const institutionId = existing.data?.institutionId ?? me.data?.grants.find((g) => g.scopeType === "institution" && g.institutionId)?.institutionId ?? undefined;
  return <ClassForm key={id ?? "new"} classId={id} institutionId={institutionId} initial={existing.data ? formValuesOf(existing.data) : undefined} />;
}

function ClassForm({ classId, institutionId, initial }: { classId?: string; institutionId?: string; initial?: ClassFormValues }) {
  const [form] = Form.useForm<ClassFormValues>();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [problems, setProblems] = useState<Problem[]>([]);
  const [alert, setAlert] = useState<string[]>([]);
  const [savedId, setSavedId] = useState(classId);
  /** the checks failed after the draft was saved: say so, so nobody fills it in again */
  const [draftSaved, setDraftSaved] = useState(false);
  const [locating, setLocating] = useState(false);
  const [manualPosition, setManualPosition] = useState(false);
  const create = useCreateClass();
  const update = useUpdateClass();
  const submit = useSubmitClass();
  const ref = useReference();
  const items = usePublishedItems();
  const inst = useInstitution(institutionId);
  const persons = useRosterCandidates();
  const itemId = Form.useWatch("catalogueItemId", form);
  const certType = Form.useWatch("certificateType", form);
  const [startDate, endDate, address, lat, lng] = [
    Form.useWatch("startDate", form),
    Form.useWatch("endDate", form),
    Form.useWatch("address", form),
    Form.useWatch("lat", form),
    Form.useWatch("lng", form),
  ];
  const hasSessions = (Form.useWatch("sessions", form)?.length ?? 0) > 0;
  const facilities = inst.data?.facilities ?? [];
  const evaluators = useEvaluators(certType === "skill_level");
  const item = items.data?.items.find((i) => i.id === itemId);
  const codeName = (list: string, code: string) => ref.data?.codes[list]?.find((c) => c.code === code)?.name ?? code;
  const programName = (code: string) => ref.data?.programs.find((p) => p.code === code)?.name;

  const markProblems = (ps: Problem[]) => {
    const fields = form.getFieldsError().map((f) => f.name as FieldName);
    // the generic FormInstance takes the same name paths applyApiErrorToForm gives it
    (form as FormInstance).setFields(groupIssues(problemIssues(ps), fields).byField);
  };

  const locate = async () => {
    setLocating(true);
    try {
      const p = await currentPosition();
      form.setFieldsValue({ lat: Math.round(p.lat * 1e6) / 1e6, lng: Math.round(p.lng * 1e6) / 1e6 });
      message.success(`已取得当前位置（精度约 ${p.accuracy} 米）`);
    } catch (e) {
      message.error(positionRefusal(e));
      setManualPosition(true);
    } finally {
      setLocating(false);
    }
  };

  const save = async (andSubmit: boolean) => {
    setProblems([]);
    setAlert([]);
    setDraftSaved(false);
    const values = form.getFieldsValue(true) as ClassFormValues;
    let id = savedId;
    try {
      const body = toClassBody(values);
      const saved = id ? await update.mutateAsync({ id, body }) : await create.mutateAsync(body);
      id = saved.id;
      setSavedId(saved.id);
      if (!andSubmit) {
        message.success(`已保存草稿 ${saved.code}`);
        return;
      }
      await submitClass(id);
    } catch (e) {
      setAlert(applyApiErrorToForm(form, e));
    }
  };

  const submitClass = async (id: string) => {
    try {
      await submit.mutateAsync(id);
      message.success("开班申请已提交，等待审核");
      navigate(`/classes/${id}`);
    } catch (e) {
      const ps = problemsOf(e);
      setDraftSaved(true);
      if (ps.length) {
        setProblems(ps);
        markProblems(ps);
      } else setAlert([errorText(e)]);
      window.scrollTo({ top: 0, behavior: "smooth" });
    }
  };

  const busy = create.isPending || update.isPending || submit.isPending;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Typography.Title level={1} style={{ margin: 0 }}>
        {classId ? "修改开班申请" : "新建开班申请"}
      </Typography.Title>
      {draftSaved && <Alert type="success" showIcon title="草稿已保存" description="开班申请尚未提交：请按下列各项修改后，再点“保存并提交审核”。" />}
      <ProblemList title="开班申请未通过检查，请逐项修改" problems={problems} />
      {alert.length > 0 && <Alert type="error" showIcon title={alert.join("；")} />}
      <Form form={form} name="classForm" layout="vertical" initialValues={initial ?? { mode: "offline", projectBased: false, geofenceRadiusM: 300, capacity: 30, sessions: [], roster: [] }} onFinish={() => void save(true)}
        onFinishFailed={({ errorFields }) => {
          // the coordinates hide behind "use my position": show them when they are what is missing
          if (errorFields.some((f) => f.name[0] === "lat" || f.name[0] === "lng")) setManualPosition(true);
        }}
        scrollToFirstError
      >
        <Card size="small" title="基本信息">
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="title" label="班级名称" rules={req("请输入班级名称")}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="catalogueItemId" label="培训项目" rules={req("请选择培训项目")} extra={item?.currentVersion ? `目录规定 ${item.currentVersion.minHours}–${item.currentVersion.maxHours} 课时，理论不少于 ${item.currentVersion.minTheoryPercent}%，实操不少于 ${item.currentVersion.minPracticePercent}%` : undefined}>
                <Select showSearch={{ optionFilterProp: "label" }} loading={items.isLoading} placeholder="已发布的培训项目" options={items.data?.items.map((i) => ({ value: i.id, label: `${i.code} ${i.displayName}` }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="programCode" label="计划项目" rules={req("请选择计划项目")}>
                <Select options={(item?.programCodes.length ? item.programCodes : (ref.data?.programs.map((p) => p.code) ?? [])).map((c) => ({ value: c, label: `${c} ${programName(c) ?? ""}` }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="certificateType" label="证书类型" rules={req("请选择证书类型")}>
                <Select options={(item?.certificateTypes ?? []).map((c) => ({ value: c, label: codeName("certificate_type", c) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="skillLevel" label="技能等级">
                <Select allowClear options={(item?.skillLevels ?? []).map((l) => ({ value: l, label: levelLabels[l] ?? l }))} />
              </Form.Item>
            </Col>
            {certType === "skill_level" && (
              <Col xs={24} md={12}>
                <Form.Item name="evaluatorInstitutionId" label="评价机构" rules={req("职业技能等级证书班须指定评价机构")}>
                  <Select options={evaluators.data?.map((e) => ({ value: e.id, label: e.name }))} loading={evaluators.isLoading} />
                </Form.Item>
              </Col>
            )}
            <Col xs={12} md={6}>
              <Form.Item name="mode" label="培训方式" rules={req("请选择")}>
                <Select options={Object.entries(modeLabels).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="projectBased" label="培训组织方式" extra="项目制培训的补贴可预拨 50%">
                <Radio.Group options={organisationOptions} optionType="button" />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="capacity" label="计划人数" rules={req("请填写")}>
                <InputNumber min={1} max={1000} style={{ width: "100%" }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="startDate" label="开班日期" rules={req("请选择")}>
                <DateText />
              </Form.Item>
            </Col>
            <Col xs={12} md={6}>
              <Form.Item name="endDate" label="结业日期" rules={req("请选择")}>
                <DateText />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card size="small" title="培训地点与签到范围" style={{ marginTop: 16 }}>
          <Row gutter={16}>
            {facilities.length > 0 && (
              <Col xs={24} md={12}>
                <Form.Item label="本机构登记的场地" extra="选择后自动填入培训地址，也可直接填写">
                  <Select
                    aria-label="本机构登记的场地"
                    placeholder="选择场地"
                    allowClear
                    options={facilities.map((f) => ({ value: f.id, label: `${f.name} · ${f.address}` }))}
                    onChange={(id) => {
                      const f = facilities.find((x) => x.id === id);
                      if (f) form.setFieldsValue({ address: f.address });
                    }}
                  />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={12}>
              <Form.Item name="address" label="培训地址" rules={req("请输入培训地址")}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
            <Col xs={24} md={16}>
              <Form.Item label="签到位置（电子围栏中心）" required extra="在培训场地现场点击，用本机定位作为签到中心；学员须在半径范围内签到">
                <Space wrap>
                  <Button icon={<AimOutlined />} loading={locating} onClick={() => void locate()}>
                    使用我的当前位置
                  </Button>
                  <Typography.Text type={lat !== undefined && lng !== undefined ? undefined : "secondary"} data-testid="site-position">
                    {lat !== undefined && lng !== undefined ? `纬度 ${lat}，经度 ${lng}` : "尚未设置"}
                  </Typography.Text>
                  {!manualPosition && (
                    <Button type="link" size="small" onClick={() => setManualPosition(true)}>
                      手动填写经纬度
                    </Button>
                  )}
                </Space>
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="geofenceRadiusM" label="签到半径(米)" rules={req("请填写")}>
                <InputNumber min={10} max={5000} style={{ width: "100%" }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} style={manualPosition ? undefined : { display: "none" }}>
              <Form.Item name="lat" label="纬度" rules={req("请设置签到位置")}>
                <InputNumber min={-90} max={90} step={0.0001} style={{ width: "100%" }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} style={manualPosition ? undefined : { display: "none" }}>
              <Form.Item name="lng" label="经度" rules={req("请设置签到位置")}>
                <InputNumber min={-180} max={180} step={0.0001} style={{ width: "100%" }} />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="assessmentPlan" label="考核方案" rules={req("请输入考核方案")}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            </Col>
          </Row>
        </Card>
        <Card
          size="small"
          title="课程安排"
          style={{ marginTop: 16 }}
          extra={
            <SessionGenerator
              startDate={startDate}
              endDate={endDate}
              teachers={inst.data?.teachers ?? []}
              place={address}
              hasSessions={hasSessions}
              onGenerated={(sessions) => form.setFieldsValue({ sessions })}
            />
          }
        >
          <SessionPlanTable teachers={inst.data?.teachers ?? []} />
        </Card>
        <Card size="small" title="学员名册" style={{ marginTop: 16 }}>
          <Form.Item name="roster" label="选择学员" extra="可选本机构已登记的学员；身份证号已脱敏">
            <Select mode="multiple" showSearch={{ optionFilterProp: "label" }} loading={persons.isLoading} options={persons.data?.items.map((p) => ({ value: p.id, label: `${p.name}（${p.idNumberMasked}）` }))} />
          </Form.Item>
        </Card>
        <Space style={{ marginTop: 16 }} wrap>
          <Button onClick={() => void save(false)} loading={busy}>
            保存草稿
          </Button>
          <Button type="primary" htmlType="submit" loading={busy}>
            保存并提交审核
          </Button>
          {savedId && <Button onClick={() => navigate(`/classes/${savedId}`)}>查看详情</Button>}
        </Space>
      </Form>
    </Space>
  );
}
