import { DatePicker, TimePicker } from "antd";
import dayjs from "dayjs";

/**
 * antd's date and time pickers (the same as every other form: Chinese, YYYY-MM-DD, 24-hour) over
 * the plain strings the class form and its contract carry, so Form.Item values stay "2026-03-02"
 * and "09:00".
 */
interface TextPickerProps {
  value?: string;
  onChange?: (v: string | undefined) => void;
  id?: string;
  "aria-label"?: string;
  placeholder?: string;
  status?: "error" | "warning";
}

export function DateText({ value, onChange, ...rest }: TextPickerProps) {
  return <DatePicker {...rest} style={{ width: "100%" }} format="YYYY-MM-DD" value={value ? dayjs(value) : null} onChange={(d) => onChange?.(d ? d.format("YYYY-MM-DD") : undefined)} />;
}

export function TimeText({ value, onChange, ...rest }: TextPickerProps) {
  return (
    <TimePicker
      {...rest}
      style={{ width: "100%" }}
      format="HH:mm"
      minuteStep={5}
      needConfirm={false}
      value={value ? dayjs(`2000-01-01T${value}`) : null}
      onChange={(d) => onChange?.(d ? d.format("HH:mm") : undefined)}
    />
  );
}
