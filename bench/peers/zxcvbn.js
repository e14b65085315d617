// zxcvbn 4.4.2 as its README uses it: zxcvbn(password, user_inputs).
import zxcvbn from "zxcvbn";
export default zxcvbn;
