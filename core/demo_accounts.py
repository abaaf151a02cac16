"""Demo logins, kept free of Django imports so the launcher can print them."""

DEMO_PASSWORD = "Demo-Militancia-2026"

# (username, first name, last name, role group, scope department codes)
DEMO_USERS = [
    ("admin", "Ana", "Administradora", "Administración nacional", []),
    ("coord.antioquia", "Carlos", "Coordinador Antioquia", "Coordinación regional", ["05"]),
    ("coord.cundinamarca", "Camila", "Coordinadora Cundinamarca", "Coordinación regional", ["25"]),
    ("carnetizacion", "Diana", "Carnetización", "Carnetización", []),
    ("comunicaciones", "Pablo", "Profesional Comunicaciones", "Comunicaciones (profesional)", []),
    ("disenador", "Daniela", "Diseñadora", "Comunicaciones (profesional)", []),
    ("jefe.comunicaciones", "Julia", "Jefa de Comunicaciones", "Comunicaciones (jefatura)", []),
    ("electoral", "Esteban", "Secretario Electoral", "Secretaría electoral", []),
    ("consulta", "Clara", "Consulta", "Consulta", []),
    ("voluntario.medellin", "Valentina", "Voluntaria Medellín", "Voluntariado de campo", ["05"]),
]


def logins_text() -> str:
    lines = [f"  {username:<22} {role}" for username, _first, _last, role, _scope in DEMO_USERS]
    return "\n".join(lines) + f"\n  Contraseña de todos: {DEMO_PASSWORD}"
