from . import test_swiss_qr_bill
