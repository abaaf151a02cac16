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
    ("solidaridad", "Sofía", "Secretaria de Solidaridad", "Secretaría de solidaridad", []),
    ("asuntos.sociales", "Samuel", "Secretario de Asuntos Sociales", "Secretaría de asuntos sociales", []),
]

# Accounts an app's demo data links to a record instead of a role (they sign in with the same password).
DEMO_EXTRA_LOGINS = [
    ("abogada.voluntaria", "profesional voluntaria de solidaridad (sin rol): ve solo sus casos"),
]


def logins_text() -> str:
    lines = [f"  {username:<22} {role}" for username, _first, _last, role, _scope in DEMO_USERS]
    lines += [f"  {username:<22} {what}" for username, what in DEMO_EXTRA_LOGINS]
    return "\n".join(lines) + f"\n  Contraseña de todos: {DEMO_PASSWORD}"
