"""The warranty domain: a vehicle's purchase and repair history against the household-car three-guarantee
regulation (2013 and 2021 versions).

    models -> facts (periods, repairs, request) -> rulebook -> core engine -> decide -> render
"""
