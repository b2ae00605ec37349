print("mabs")
