import oscar.apps.address.apps as apps


class AddressConfig(apps.AddressConfig):
    # Forked for its forms (shop/address/forms.py): the address book writes addresses as checkout does.
    name = "shop.address"
