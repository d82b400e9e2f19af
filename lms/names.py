"""Plausible, generated Indonesian names for demo and scale data. No real person's data: names
are drawn at random from common given names and family names, and many are mononyms, as many
Indonesians have a single name."""

import random

GIVEN = [
    "Agus",
    "Ahmad",
    "Asep",
    "Ayu",
    "Bambang",
    "Budi",
    "Cecep",
    "Dadang",
    "Dewi",
    "Dian",
    "Eka",
    "Endang",
    "Fajar",
    "Fitri",
    "Gita",
    "Hendra",
    "Ika",
    "Indah",
    "Iwan",
    "Joko",
    "Kartika",
    "Lestari",
    "Lina",
    "Made",
    "Nengah",
    "Nur",
    "Nurul",
    "Putri",
    "Rahmat",
    "Ratna",
    "Rina",
    "Rizki",
    "Siti",
    "Sri",
    "Taufik",
    "Tri",
    "Ujang",
    "Wahyu",
    "Wayan",
    "Yanti",
    "Yusuf",
    "Zainal",
    "Andi",
    "Ani",
    "Ketut",
    "Komang",
    "Maria",
    "Yohanes",
    "Teguh",
    "Ridwan",
    "Iis",
    "Enok",
]
FAMILY = [
    "Saputra",
    "Hidayat",
    "Nugroho",
    "Rahmawati",
    "Setiawan",
    "Susanti",
    "Wijaya",
    "Kurniawan",
    "Permana",
    "Siregar",
    "Nasution",
    "Harahap",
    "Lubis",
    "Simanjuntak",
    "Pratama",
    "Hasibuan",
    "Gunawan",
    "Santoso",
    "Purnomo",
    "Wibowo",
    "Lestari",
    "Maulana",
    "Ramadhan",
    "Sembiring",
    "Tanjung",
    "Daeng",
    "Pattimura",
    "Manurung",
    "Rangkuti",
    "Sulaiman",
    "Hamzah",
    "Kusuma",
]
MONONYMS = [
    "Sutrisno",
    "Suparman",
    "Sumarni",
    "Wagiman",
    "Juminten",
    "Paijo",
    "Sukarmi",
    "Slamet",
    "Ngadiman",
    "Tukiyem",
    "Rusdi",
    "Mulyadi",
    "Saripah",
    "Karsih",
    "Warsito",
    "Darmini",
]


def names(count: int, *, seed: int) -> list[str]:
    """``count`` distinct names, the same for the same seed (so demo data is reproducible)."""
    rng = random.Random(seed)  # noqa: S311 - not for security
    result: list[str] = []
    seen: set[str] = set()
    while len(result) < count:
        roll = rng.random()
        if roll < 0.2:
            name = rng.choice(MONONYMS)
        elif roll < 0.35:
            name = f"{rng.choice(GIVEN)} {rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        else:
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        if name in seen:
            name = f"{name} {rng.choice(FAMILY)}" if roll >= 0.2 else f"{rng.choice(GIVEN)} {name}"
        if name in seen:
            continue
        seen.add(name)
        result.append(name)
    return result
