// The whole of a change-password page's script: importing the package attaches the widget to
// every element marked data-hmis-onboard and adds its stylesheet.
import "@hmis-onboard/widget";
