// The npm qrcode package's browser build; the page calls toString(text, { type: "svg" }).
import QRCode from "qrcode";
export const toString = QRCode.toString;
