export interface Position {
  lat: number;
  lng: number;
  accuracy: number;
}

/** The phone's fresh position (never a cached one: the trainee may just have walked in); rejects with the GeolocationPositionError code (1 denied, 2 unavailable, 3 timeout) or "unsupported". */
export function currentPosition(): Promise<Position> {
  return new Promise((resolve, reject) => {
    if (!("geolocation" in navigator)) {
      reject("unsupported");
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lng: p.coords.longitude, accuracy: Math.round(p.coords.accuracy) }),
      (e) => reject(e.code),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 0 },
    );
  });
}
