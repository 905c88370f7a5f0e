import { BankOutlined, BookOutlined, FormOutlined } from "@ant-design/icons";
import { Card, Col, Row, Typography } from "antd";
import { Link } from "react-router";

const entries = [
  { to: "/portal/institutions", icon: <BankOutlined />, title: "查询培训机构", text: "按地区、职业（工种）和机构类型查询目录内的培训评价机构" },
  { to: "/portal/catalogue", icon: <BookOutlined />, title: "查询培训项目", text: "查看培训项目目录，以及所在城市、指定日期适用的补贴标准" },
  { to: "/portal/register", icon: <FormOutlined />, title: "培训机构注册", text: "培训、评价机构在线提交注册申请，由所在县（市、区）人社部门审核" },
];

/** 公众服务首页 */
export function PortalHome() {
  return (
    <>
      <Typography.Title level={1}>公众服务</Typography.Title>
      <Typography.Paragraph type="secondary">根据《吉林省职业技能提升行动实施方案（2019—2021年）》，培训项目目录和培训机构目录向社会公开。</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {entries.map((e) => (
          <Col xs={24} md={8} key={e.to}>
            <Link to={e.to}>
              <Card hoverable>
                <Card.Meta avatar={<span style={{ fontSize: 28, color: "#1f5fad" }}>{e.icon}</span>} title={e.title} description={e.text} />
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </>
  );
}
