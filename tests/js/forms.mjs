// Form values shared by the package's tests and its speed bench: a valid enterprise form as a
// browser holds it (the certificate type as a <select>'s text, the legal person given, four
// attachments). A fresh object on every call, so a test can change its copy.
export const validEnterpriseForm = () => ({
  customer_id: "4505ce7c6de8263e33b57e76abc",
  verified_file_url: ["license/front.jpg", "license/back.jpg", "person/front.jpg", "person/back.jpg"],
  corp_name: "Example Ltd",
  verified_number: "91110000600037",
  certificate_type: "0",
  reg_country: "CN",
  reg_address: "Beijing",
  enterprise_person: { legel_name: "Wang", legel_id_number: "371812000000008888", certifier_role: "legalPerson" },
});
